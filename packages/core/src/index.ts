// core's public API, named entry by entry: what is not listed here is internal.
// The test kit for backends is its own export, `@tbvnode/core/testing`.
// `npm run unused-exports -w @tbvnode/tools` lists exports nobody uses.

// Types: the backend contract, core's injected dependencies, the runner, paths.
export type * from './backend/types.js';
export type { Clock, CoreDeps, CoreFs, GroupMember, MountEntry, MountTable, ProcessTable } from './deps.js';
export type { StepRecord, StepStatus, UndoMode } from './journal/types.js';
export type { HostPaths, VnodePaths } from './paths/layout.js';
export type { VnodeId } from './paths/vnode-id.js';
export type {
  Argv,
  CommandResult,
  CommandRunner,
  OutputTarget,
  ProcessExit,
  RunOptions,
  StartedProcess,
  StartOptions,
} from './runner/types.js';

// Errors.
export { isTbvnodeError, SYSEXITS, TbvnodeError, type ExitStatus } from './errors/tbvnode-error.js';
export { UnsafePathError } from './fs/unsafe-path.js';
export { LockTimeoutError } from './locks/lock-file.js';
export { BadPidFileError } from './locks/pid-file.js';
export { InvalidVnodeIdError } from './paths/vnode-id.js';
export { StepFailedError, UnknownStepTypeError } from './steps/errors.js';
export { VnodesetupError } from './vnodesetup/errors.js';
export { CommandError, isCommandError } from './runner/types.js';
export { UnmountError } from './steps/builtin/mount.js';

// Operations: vnodesetup, bootvnodes and the manager, and the host they work on.
export { describeUnknownOptions, EDGE_OPTION_KEYS, unknownOptions } from './backend/option-keys.js';
export { DEFAULT_MAX_VNODES } from './bootvnodes/cap-vnodes.js';
export type { PlannedAction, VnodeAction, VnodeEntry } from './bootvnodes/plan.js';
export { prepareHostOnce } from './bootvnodes/prepare-host.js';
export { listPresentVnodes } from './bootvnodes/present-vnodes.js';
export type { BootvnodesOptions, BootvnodesParts, BootvnodesResult } from './bootvnodes/run-bootvnodes.js';
export { runBootvnodes } from './bootvnodes/run-bootvnodes.js';
export { createNodeDeps } from './host/node-deps.js';
export type { ManagerOptions, OpenHost, OpenHostOptions } from './host/open-host.js';
export { openHost } from './host/open-host.js';
export { isInPlace, planUndo } from './journal/plan-undo.js';
export { readJournal } from './journal/journal-file.js';
export type { LockOwner } from './locks/lock-file.js';
export { isOwnerAlive, withLockFile } from './locks/lock-file.js';
export { parsePidFile, readPidFile } from './locks/pid-file.js';
export type { BossEndpoint, ComposeManagerOptions } from './manager/compose.js';
export { composeManager } from './manager/compose.js';
export { MANAGER_SIGNALS } from './manager/lifecycle.js';
export { createManagerLogger } from './manager/manager-log.js';
export { managerStepTypes } from './manager/manager-steps.js';
export type { ManagerParts, PidFileOps } from './manager/parts.js';
export { runManager } from './manager/run-manager.js';
export { splitJailIp } from './manager/vnode-config.js';
export type { SignalSource } from './manager/stop-requests.js';
export { listenForStopSignals, StopRequests } from './manager/stop-requests.js';
export { ensureHostLayout } from './paths/ensure-layout.js';
export { hostPaths, vnodePaths } from './paths/layout.js';
export { isValidVnodeId, validateVnodeId } from './paths/vnode-id.js';
export { processBackend } from './process-backend/descriptor.js';
export { createExecaRunner } from './runner/execa-runner.js';
export { undoJournal } from './steps/undo.js';
export type { VnodesetupContext, VnodesetupTiming } from './vnodesetup/context.js';
export { readManagerState } from './vnodesetup/observe.js';
export type { BootResult, StopResult } from './vnodesetup/operations.js';
export { bootVnode, rebootVnode, stopVnode } from './vnodesetup/operations.js';
export { recoverVnode } from './vnodesetup/recover.js';

// Step kit for backends: journaled steps and the safe filesystem/process helpers they use.
export { bossnodeLine } from './backend/bossnode.js';
export type { RunningVnodeOptions } from './backend/running-vnode.js';
export { runningVnode } from './backend/running-vnode.js';
export type { Beneath } from './fs/beneath.js';
export { beneath } from './fs/beneath.js';
export { pathExists } from './fs/path-exists.js';
export { writeFileAtomic } from './fs/atomic-write.js';
export { safeRemoveConfigDir, safeRemoveTree } from './fs/safe-remove.js';
export { cmdlineIs, pidsWithArgv } from './host/find-by-argv.js';
export { allocateStep, createAllocator } from './locks/allocator.js';
export { builtinStepTypes } from './steps/builtin/index.js';
export { mkdirStep } from './steps/builtin/mkdir.js';
export { isMountPoint, unmountIfMounted } from './steps/builtin/mount.js';
export type { StartProcessResult } from './steps/builtin/start-process.js';
export { isSameProcess, stopStartedProcess } from './steps/builtin/start-process.js';
export type { StepRegistry } from './steps/registry.js';
export { createStepRegistry } from './steps/registry.js';
export type { JournaledStepRunner } from './steps/step-runner.js';
export { openStepRunner } from './steps/step-runner.js';
export type * from './steps/types.js';
export type { EscalationOutcome, Rung, StopWithEscalationOptions, WaitOptions } from './toolkit/wait.js';
export { escalate, exitWithin, stopWithEscalation, waitUntil, within } from './toolkit/wait.js';
export { ifExists } from './toolkit/if-exists.js';
export { parseProcStatState } from './host/process-table.js';
export { isIpv4, maskToPrefix, parseIpv4 } from './net/ipv4.js';
export type { Experiment } from './net/lan-key.js';
export { lanBridgeAlias, lanBridgeName, lanKey } from './net/lan-key.js';
export type { Tolerate } from './runner/types.js';
export { rejectsResult } from './runner/tolerate.js';
