import { runBackendConformance } from '../../src/testing/conformance.js';
import { processBackend } from '../../src/process-backend/descriptor.js';
import { makeTempHost } from '../helpers/temp-host.js';

// The process backend against the shared suite. Without a manager there is no
// proxy, so each rc waits in `tmcc state ISUP` — still a live init to stop.
runBackendConformance({
  describeName: 'process backend',
  makeBackend: () => processBackend.create({ stopGraceMs: 2_000 }),
  makeHost: makeTempHost,
  stopTimeoutMs: 5_000,
  maxSteps: 12,
});
