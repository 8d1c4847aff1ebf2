// Waits for a condition the proxy exposes only as state (its stats), with a
// deadline: there is no event for "boss is paused" or "the gate closed it".
export async function until(what: string, pred: () => boolean, deadlineMs = 20_000): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`no ${what} before the deadline`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
