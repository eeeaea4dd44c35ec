import { ApplicationFailure } from '@temporalio/activity';
import type { ActivityDeps } from './deps';

export interface NoticeRequest {
  /** Unique per notice (workflow id + step): a retried activity finds it and never sends twice. */
  key: string;
  to: string[];
  subject: string;
  text: string;
}

/**
 * Records the notice under its key before sending, then sends it once. A crash between the send and
 * the status update can repeat one send; every other retry finds the notice already sent.
 */
export async function deliverNotice({ db, mailer, logger }: ActivityDeps, notice: NoticeRequest): Promise<'sent' | 'already-sent' | 'no-recipient'> {
  const to = [...new Set(notice.to.filter(Boolean))].sort();
  if (!to.length) {
    logger.warn({ key: notice.key }, 'notice has no recipient');
    return 'no-recipient';
  }
  const record = await db.mailMessage.upsert({
    where: { key: notice.key },
    create: { key: notice.key, to, subject: notice.subject, text: notice.text },
    update: {},
  });
  if (record.status === 'sent') return 'already-sent';
  await db.mailMessage.update({ where: { key: notice.key }, data: { attempts: { increment: 1 } } });
  try {
    await mailer.send({ to: record.to, subject: record.subject, text: record.text, messageId: `<${encodeURIComponent(notice.key)}@chi-so-cchc>` });
  } catch (error) {
    // SMTP refusals of the address itself will not improve with retries.
    const code = (error as { responseCode?: number }).responseCode;
    if (code && code >= 550 && code < 560) throw ApplicationFailure.nonRetryable(`Máy chủ thư từ chối: ${(error as Error).message}`, 'MAIL_REJECTED');
    throw error;
  }
  await db.mailMessage.update({ where: { key: notice.key }, data: { status: 'sent', sentAt: new Date() } });
  logger.info({ key: notice.key, to }, 'notice sent');
  return 'sent';
}
