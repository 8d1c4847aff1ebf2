import { spawn } from 'node:child_process';
import { access, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createStepRegistry } from '../../src/steps/registry.js';
import { undoJournal } from '../../src/steps/undo.js';
import { readJournal } from '../../src/journal/journal-file.js';
import { createTestDeps } from '../../src/testing/test-deps.js';
import { sendSignal } from '../../src/host/process-table.js';
import { useTmpDirs } from '../helpers/tmp.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const child = path.join(here, '../fixtures/crash-child.mjs');
const tmp = useTmpDirs();
const started: number[] = [];

afterEach(() => {
  for (const pid of started.splice(0)) sendSignal(pid, 'SIGKILL');
});

// Run the child until it prints the pid of its process, and (mid-run) kill it then.
function runChild(journal: string, dir: string, when: 'mid-setup' | 'mid-run'): Promise<{ pid: number; signal: string | null }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [child, journal, dir, when], { stdio: ['ignore', 'pipe', 'inherit'] });
    let pid = 0;
    let out = '';
    const deadline = setTimeout(() => { p.kill('SIGKILL'); reject(new Error('child did not finish in time')); }, 15_000);
    p.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      const line = out.split('\n')[0];
      if (pid === 0 && out.includes('\n') && line) {
        pid = (JSON.parse(line) as { pid: number }).pid;
        started.push(pid);
        if (when === 'mid-run') p.kill('SIGKILL');
      }
    });
    p.on('exit', (_code, signal) => { clearTimeout(deadline); resolve({ pid, signal }); });
    p.on('error', reject);
  });
}

describe('crash replay: the journal on disk drives the undo', () => {
  it.each(['mid-setup', 'mid-run'] as const)('a manager killed with SIGKILL %s leaves nothing after kill-undo', async (when) => {
    await access(path.join(here, '../../dist/steps/step-runner.js')).catch(() => {
      throw new Error('build @tbvnode/core first (nx runs build before test)');
    });
    const dir = await tmp();
    const journal = path.join(dir, 'journal');
    const { pid, signal } = await runChild(journal, dir, when);
    expect(signal).toBe('SIGKILL');
    expect(sendSignal(pid, 0)).toBe(true);
    const snap = await readJournal((await import('node:fs/promises')), journal);
    const last = snap.records.at(-1);
    expect(last?.status).toBe(when === 'mid-setup' ? 'begun' : 'done');

    const deps = createTestDeps();
    const crashStep = { name: 'test.crash', apply: async () => undefined, revert: async () => undefined };
    await undoJournal({ journalPath: journal, mode: 'kill', registry: createStepRegistry([crashStep]), deps });

    // Gone, or a zombie its new parent has not reaped yet: either way not running.
    expect(await deps.proc.startToken(pid)).toBeNull();
    expect(await readdir(dir)).toEqual([]);
  });
});
