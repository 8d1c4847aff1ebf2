// The StepRunner: journal intent (fsynced) before apply, the result after, and on
// failure undo through the journal on disk — the same code that a crash replay uses.
import type { CoreDeps } from '../deps.js';
import { summarizeError } from '../errors/tbvnode-error.js';
import { appendJournal, compactJournal, readJournal } from '../journal/journal-file.js';
import type { JournalEvent, StepRecord, UndoMode } from '../journal/types.js';
import { StepFailedError } from './errors.js';
import type { StepRegistry } from './registry.js';
import { stableStringify } from './stable-json.js';
import type { LiveRun, LiveStepType, RunStepOptions, StepEnv, StepRunner, StepType } from './types.js';
import { revertPlan, undoJournal, type UndoReport } from './undo.js';
import { isInPlace } from '../journal/plan-undo.js';

export interface JournaledStepRunner extends StepRunner {
  readonly journalPath: string;
  /** This runner's session number in the journal. */
  readonly session: number;
  /** Steps as the journal has them now, oldest first. */
  records(): Promise<StepRecord[]>;
  /** Undo through the journal (waits for a step in flight). */
  undo(mode: UndoMode): Promise<UndoReport>;
}

export interface OpenStepRunnerOptions {
  readonly scope: string;
  readonly journalPath: string;
  readonly registry: StepRegistry;
  readonly deps: CoreDeps;
}

/** Opens (creating if needed) the journal and starts a new session in it. */
export async function openStepRunner(o: OpenStepRunnerOptions): Promise<JournaledStepRunner> {
  const { deps, journalPath, scope, registry } = o;
  const snap = await readJournal(deps.fs, journalPath);
  // A torn last line is an event that never happened; rewrite so appends stay parseable.
  if (snap.tornTail) await compactJournal(deps.fs, journalPath, snap.records, snap.session, deps.clock.now());
  const session = snap.session + 1;
  let seq = snap.seq;
  let poisoned: Error | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  await appendJournal(deps.fs, journalPath, [{ v: 1, ev: 'session', session, pid: deps.proc.selfPid, at: deps.clock.now() }]);

  const append = (ev: JournalEvent): Promise<void> => appendJournal(deps.fs, journalPath, [ev]);

  // Steps run one at a time in call order, even if a backend starts several at once.
  function serialize<T>(fn: () => Promise<T>): Promise<T> {
    const next = queue.then(fn, fn);
    queue = next.catch(() => undefined);
    return next;
  }

  async function reusable(name: string, params: unknown, options: RunStepOptions): Promise<StepRecord | undefined> {
    if (options.phase !== 'persistent' || options.reuse === false) return undefined;
    const key = stableStringify(params);
    const { records } = await readJournal(deps.fs, journalPath);
    return records.find((r) => r.step === name && r.status === 'done' && stableStringify(r.params) === key);
  }

  async function execute<P, R, T>(
    type: { readonly name: string },
    params: P,
    options: RunStepOptions,
    apply: (env: StepEnv<R>) => Promise<{ result: R; out: T }>,
  ): Promise<{ out: T; seq: number }> {
    if (poisoned) throw poisoned;
    const mySeq = ++seq;
    const log = deps.log.child({ scope, step: type.name, seq: mySeq });
    await append({ v: 1, ev: 'begin', seq: mySeq, session, step: type.name, phase: options.phase, params, at: deps.clock.now() });
    const env: StepEnv<R> = {
      deps,
      log,
      record: (partial) => append({ v: 1, ev: 'progress', seq: mySeq, result: partial, at: deps.clock.now() }),
    };
    let outcome: { result: R; out: T };
    try {
      outcome = await apply(env);
      // A step whose "done" cannot be written (disk full) is treated as failed:
      // carrying on would leave the journal behind the host.
      await append({ v: 1, ev: 'done', seq: mySeq, result: outcome.result, at: deps.clock.now() });
    } catch (err) {
      log.error({ err }, 'step failed; undoing this scope');
      // Best effort: "begin" is already durable, so the undo below covers this step either way.
      await append({ v: 1, ev: 'failed', seq: mySeq, error: summarizeError(err), at: deps.clock.now() }).catch(
        (appendErr: unknown) => log.error({ err: appendErr }, 'could not journal the failure'),
      );
      const failure = new StepFailedError(type.name, mySeq, err);
      poisoned = failure;
      try {
        await undoJournal({ journalPath, mode: 'failure', session, registry, deps, scope, stepFailure: failure });
      } catch (undoErr) {
        poisoned = undoErr as Error;
        throw undoErr;
      }
      throw failure;
    }
    log.debug('done');
    return { out: outcome.out, seq: mySeq };
  }

  // One step's revert, ahead of the rest of the journal (a live handle's stop): as
  // the journal has it now, and only while it is still in place.
  function undoStep(seq: number, stopTimeoutMs: number | undefined): Promise<void> {
    return serialize(async () => {
      const rec = (await readJournal(deps.fs, journalPath)).records.find((r) => r.seq === seq);
      if (rec === undefined || !isInPlace(rec)) return;
      await revertPlan({ journalPath, registry, deps, scope, plan: [rec], ...(stopTimeoutMs === undefined ? {} : { stopTimeoutMs }) });
    });
  }

  return {
    scope,
    journalPath,
    session,
    run<P, R>(type: StepType<P, R>, params: P, options: RunStepOptions): Promise<R> {
      return serialize(async () => {
        const prior = await reusable(type.name, params, options);
        if (prior) {
          deps.log.debug({ scope, step: type.name, seq: prior.seq }, 'reusing persistent step');
          return prior.result as R;
        }
        const { out } = await execute<P, R, R>(type, params, options, async (env) => {
          const result = await type.apply(params, env);
          return { result, out: result };
        });
        return out;
      });
    },
    runLive<P, R, L>(type: LiveStepType<P, R, L>, params: P, options: RunStepOptions) {
      return serialize(async (): Promise<LiveRun<R, L>> => {
        const { out, seq } = await execute<P, R, { result: R; live: L }>(type, params, options, async (env) => {
          const applied = await type.applyLive(params, env);
          return { result: applied.result, out: { result: applied.result, live: applied.live } };
        });
        let undone: Promise<void> | undefined;
        return { ...out, undo: (o = {}) => (undone ??= undoStep(seq, o.stopTimeoutMs)) };
      });
    },
    records: async () => (await readJournal(deps.fs, journalPath)).records,
    undo: (mode) => serialize(() => undoJournal({ journalPath, mode, registry, deps, scope })),
  };
}
