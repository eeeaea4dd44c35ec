import type { WorkflowHandle } from '@temporalio/client';

/**
 * Every wait in the tests: poll a real condition (a query, a row, a message) until it holds, and fail
 * with what was awaited once the bound has passed. The bound is a failure detector, not a guess of how
 * long things take: it is generous, because two loaded cores can make a healthy step take seconds.
 */
export const WAIT_BOUND_MS = 90_000;
const POLL_MS = 100;

export class WaitTimeout extends Error {
  override name = 'WaitTimeout';
}

/**
 * Polls `check` until it returns something other than undefined. `what` names the condition (a
 * function may add what was last seen); a timeout reports it with the bound and the last error.
 */
export async function waitFor<T>(what: string | (() => string), check: () => Promise<T | undefined> | T | undefined, boundMs = WAIT_BOUND_MS): Promise<T> {
  const started = Date.now();
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() - started > boundMs) {
      throw new WaitTimeout(`Hết ${Math.round(boundMs / 1000)} giây chờ: ${typeof what === 'string' ? what : what()}${last ? ` (lỗi cuối: ${String(last)})` : ''}`);
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

/**
 * Waits until none of the workflows has a workflow task or activity outstanding: the worker has done
 * everything they asked for (e.g. before stopping it, or before taking a snapshot of the database).
 */
export async function workflowsIdle(handles: WorkflowHandle[], boundMs = WAIT_BOUND_MS): Promise<void> {
  const busy: string[] = [];
  await waitFor(
    () => `quy trình không còn việc đang chờ (còn: ${busy.join(', ')})`,
    async () => {
      busy.length = 0;
      for (const handle of handles) {
        const { raw } = await handle.describe();
        if (raw.pendingWorkflowTask || raw.pendingActivities?.length) busy.push(handle.workflowId);
      }
      return busy.length === 0 ? true : undefined;
    },
    boundMs,
  );
}
