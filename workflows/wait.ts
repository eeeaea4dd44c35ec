import { condition } from '@temporalio/workflow';
import { remindersBefore } from '../domain/year-config';

export interface DeadlineWait {
  /** The phase's work is complete (or no longer wanted, e.g. the unit was excluded). */
  done: () => boolean;
  /** The current deadline; an extension changes it, and the timers follow. */
  deadline: () => number;
  /** An update is still recording something that may finish the work or move the deadline. */
  busy: () => boolean;
  reminderDaysBefore: readonly number[];
  /** Sends the reminder due `daysBefore` days before `deadline` (fire and forget). */
  remind: (daysBefore: number, deadline: number) => void;
}

/**
 * Waits until the work is done or its deadline passes, sending each reminder on the way. Reminders
 * are recomputed whenever the deadline moves. At the deadline, an update still recording is let
 * finish first (a submit a moment before midnight counts). Returns true when done, false when the
 * deadline passed with the work undone.
 */
export async function waitForWorkOrDeadline(w: DeadlineWait): Promise<boolean> {
  let current = Number.NaN;
  let due: ReturnType<typeof remindersBefore> = [];
  for (;;) {
    if (w.done() && !w.busy()) return true;
    const deadline = w.deadline();
    if (deadline !== current) {
      current = deadline;
      due = remindersBefore(deadline, w.reminderDaysBefore, Date.now());
    }
    const now = Date.now();
    while (due.length && due[0]!.at <= now) w.remind(due.shift()!.daysBefore, deadline);
    if (now > deadline) {
      if (!w.busy()) return w.done();
      await condition(() => !w.busy());
      continue;
    }
    const wakeAt = due.length ? due[0]!.at : deadline + 1;
    await condition(() => (w.done() && !w.busy()) || w.deadline() !== current, wakeAt - now);
  }
}

/** Waits until the work is done or the deadline moves; used once a passed deadline was escalated. */
export async function waitForWorkOrNewDeadline(done: () => boolean, busy: () => boolean, deadline: () => number): Promise<boolean> {
  const current = deadline();
  await condition(() => (done() && !busy()) || deadline() !== current);
  return done() && !busy();
}
