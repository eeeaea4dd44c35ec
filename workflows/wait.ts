import { condition } from '@temporalio/workflow';

/**
 * Waits until `done()` holds or the deadline passes, re-reading the deadline whenever it changes so an
 * extension moves the running timer. Returns true when done, false when the deadline passed first.
 */
export async function waitUntilDoneOrDeadline(done: () => boolean, deadline: () => number): Promise<boolean> {
  for (;;) {
    if (done()) return true;
    const current = deadline();
    const remaining = current - Date.now();
    if (remaining <= 0) return false;
    await condition(() => done() || deadline() !== current, remaining);
  }
}
