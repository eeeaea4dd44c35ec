import { log, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type * as activities from '../activities/types';
import type { NotifyArgs } from '../activities/notify';

/**
 * The activities as the workflows call them. Database writes retry until they succeed (a database
 * outage only delays the assessment) except on input that can never succeed; notices retry for
 * about a day and then give up with a log line, leaving the message recorded for Sở Nội vụ to resend.
 * What an update handler records runs as a local activity: a person waits for it, and it is a short
 * write, so it skips the round trip through the server's task queue (bench:workflow measures it).
 */
export const acts = proxyActivities<activities.Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', nonRetryableErrorTypes: ['INVALID_INPUT'] },
});

export const localActs = proxyLocalActivities<activities.Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', nonRetryableErrorTypes: ['INVALID_INPUT'] },
});

export const slowActs = proxyActivities<activities.Activities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', nonRetryableErrorTypes: ['INVALID_INPUT'] },
});

/** Reminders that go out in bulk: tried for a while, then given up, never holding the year back. */
export const bulkNoticeActs = proxyActivities<activities.Activities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes', maximumAttempts: 10, nonRetryableErrorTypes: ['INVALID_INPUT'] },
});

const noticeActs = proxyActivities<activities.Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '30 minutes', maximumAttempts: 60, nonRetryableErrorTypes: ['INVALID_INPUT', 'MAIL_REJECTED'] },
});

/**
 * Sends notices without holding up the assessment: a slow or failing mail server never delays a
 * deadline. `settled()` is awaited before the workflow completes, so no notice is cut off.
 */
export class Notices {
  private readonly pending: Promise<void>[] = [];

  send(args: NotifyArgs): void {
    this.pending.push(
      noticeActs.notify(args).then(
        () => undefined,
        (error: unknown) => log.warn('notice not delivered', { step: args.step, kind: args.kind, error: String(error) }),
      ),
    );
  }

  async settled(): Promise<void> {
    await Promise.all(this.pending);
  }
}
