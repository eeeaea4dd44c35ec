import pino, { type Logger } from 'pino';

/** Structured JSON logs on stdout, one line per event. */
export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info', name = 'chi-so-cchc'): Logger {
  return pino({ name, level, base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime });
}

export type { Logger };
