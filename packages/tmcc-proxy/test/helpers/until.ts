import { waitFor } from '@tbvnode/test-fixtures';

// Waits for a condition the proxy exposes only as state (its stats), with a
// deadline: there is no event for "boss is paused" or "the gate closed it".
export function until(what: string, pred: () => boolean, deadlineMs = 20_000): Promise<void> {
  return waitFor(what, pred, { timeoutMs: deadlineMs, intervalMs: 20 });
}
