import nodemailer from 'nodemailer';
import type { Config } from '../../config';
import { mails } from '../metrics';

export interface OutgoingMail {
  to: string[];
  subject: string;
  text: string;
}

export interface Mailer {
  send(mail: OutgoingMail & { messageId: string }): Promise<void>;
  close(): void;
}

/** nodemailer over SMTP. The message id is stable per notice, so a receiver can spot a resend. */
export function createMailer(smtp: Config['smtp']): Mailer {
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    auth: smtp.user ? { user: smtp.user, pass: smtp.pass ?? '' } : undefined,
    // Development catchers and test servers speak plain SMTP on loopback.
    ignoreTLS: !smtp.secure && (smtp.host === '127.0.0.1' || smtp.host === 'localhost'),
    connectionTimeout: 10_000,
  });
  return {
    async send(mail) {
      try {
        await transport.sendMail({
          from: smtp.from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          messageId: mail.messageId,
        });
      } catch (error) {
        mails.inc({ outcome: 'failed' });
        throw error;
      }
      mails.inc({ outcome: 'sent' });
    },
    close: () => transport.close(),
  };
}
