import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { waitFor } from './wait';

/** A real SMTP server on loopback that keeps every message it receives, parsed. */
export interface TestSmtp {
  port: number;
  messages: ParsedMail[];
  /** Waits until `predicate` holds for the received messages (polling), or fails after the timeout. */
  waitFor(predicate: (messages: ParsedMail[]) => boolean, boundMs?: number): Promise<ParsedMail[]>;
  close(): Promise<void>;
}

export async function startTestSmtp(): Promise<TestSmtp> {
  const messages: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          messages.push(mail);
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as { port: number }).port;
  return {
    port,
    messages,
    waitFor: (predicate, boundMs) =>
      waitFor(
        () => `thư SMTP như mong đợi; đã nhận ${messages.length} thư: ${messages.map((m) => m.subject).join(' | ')}`,
        () => (predicate(messages) ? messages : undefined),
        boundMs,
      ),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
