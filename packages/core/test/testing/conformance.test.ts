import { describe, expect, it } from 'vitest';
import { runBackendConformance } from '../../src/testing/conformance.js';
import { checkCrashReplay, checkFaultAt, checkLifecycle, countBringUpSteps } from '../../src/testing/conformance-checks.js';
import { createFilesBackend } from '../helpers/files-backend.js';
import { makeTempHost } from '../helpers/temp-host.js';

runBackendConformance({
  describeName: 'files (core generic steps)',
  makeBackend: () => createFilesBackend(),
  makeHost: makeTempHost,
  maxSteps: 6,
});

describe('the conformance checks catch a leaking backend', () => {
  it('lifecycle fails when a revert leaves something behind', async () => {
    const subject = { makeBackend: () => createFilesBackend({ leakyStep: true }), makeHost: makeTempHost };
    await expect(checkLifecycle(subject)).rejects.toMatchObject({ code: 'CONFORMANCE', message: expect.stringContaining('not as before') });
  });

  it('a fault after the leaky step is caught too', async () => {
    const subject = { makeBackend: () => createFilesBackend({ leakyStep: true }), makeHost: makeTempHost };
    expect(await countBringUpSteps(subject)).toBe(6);
    await expect(checkFaultAt(subject, 6, 'before')).rejects.toMatchObject({ code: 'CONFORMANCE' });
  });
});

describe('crash replay knows core built-in steps without the backend listing them', () => {
  it('undoes mkdir, writeFile, allocate, symlink and startProcess from the journal alone', async () => {
    const backend = createFilesBackend();
    expect(backend.stepTypes.map((t) => t.name)).toEqual(['test.leaky']);
    await checkCrashReplay({ makeBackend: () => createFilesBackend(), makeHost: makeTempHost });
  });

  it('a backend that re-lists the very same built-in objects still works', async () => {
    await checkCrashReplay({ makeBackend: () => createFilesBackend({ relistBuiltins: true }), makeHost: makeTempHost });
  });
});
