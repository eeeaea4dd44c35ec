import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The process's metrics in Prometheus format. One registry per process: with `npm start` the API and
 * the worker share it; run apart (`npm run api`, `npm run worker`) each exposes its own. The Temporal
 * SDK's own metrics (exported by its core on a loopback port, lib/temporal.ts) are appended to the
 * same scrape, so one target per process shows everything. docs/metrics.md lists the panels.
 */
export const metricsRegistry = new Registry();

let processMetrics = false;
/** Node's own figures (CPU, memory, event-loop delay, GC); started by the processes that serve metrics. */
export function collectProcessMetrics(): void {
  if (processMetrics) return;
  processMetrics = true;
  collectDefaultMetrics({ register: metricsRegistry });
}

export const httpRequestDuration = new Histogram({
  name: 'cchc_http_request_duration_seconds',
  help: 'HTTP requests by route pattern (not the raw URL), method and status, with their duration',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [metricsRegistry],
});

export const draftSaves = new Counter({
  name: 'cchc_draft_saves_total',
  help: 'Self-assessment drafts saved (kind: one leaf, or a whole field marked (not) applicable)',
  labelNames: ['kind'] as const,
  registers: [metricsRegistry],
});

export const submissions = new Counter({
  name: 'cchc_submissions_total',
  help: 'Self-assessments submitted by unit heads (late: after the deadline, locked as they stood)',
  labelNames: ['late'] as const,
  registers: [metricsRegistry],
});

export const refusals = new Counter({
  name: 'cchc_refusals_total',
  help: 'Requests refused with a problem document (4xx), by refusal code and status',
  labelNames: ['code', 'status'] as const,
  registers: [metricsRegistry],
});

export const mails = new Counter({
  name: 'cchc_mails_total',
  help: 'E-mails handed to the SMTP server, by outcome (failed: refused or unreachable; a notice is retried by its activity)',
  labelNames: ['outcome'] as const,
  registers: [metricsRegistry],
});

export const auditAppends = new Counter({
  name: 'cchc_audit_appends_total',
  help: 'Appends to the hash-chained audit log by outcome (duplicate: key already recorded); an append in a transaction rolled back and retried counts again',
  labelNames: ['outcome'] as const,
  registers: [metricsRegistry],
});

export const auditAppendDuration = new Histogram({
  name: 'cchc_audit_append_duration_seconds',
  help: 'Time to append one audit entry, waiting for the log lock included (every writer passes through it)',
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  registers: [metricsRegistry],
});

/** Scrapes appended to this process's own (the Temporal SDK's exporter), each read at scrape time. */
const extraSources = new Set<string>();

export function addMetricsSource(url: string): void {
  extraSources.add(url);
}

/** Prometheus' text format: this registry, then every extra source that answers within a second. */
export async function renderMetrics(): Promise<string> {
  const parts = [await metricsRegistry.metrics()];
  for (const url of extraSources) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (response.ok) parts.push(await response.text());
      else parts.push(`# ${url} answered ${response.status}\n`);
    } catch (error) {
      parts.push(`# ${url} did not answer: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  }
  return parts.map((p) => (p.endsWith('\n') ? p : `${p}\n`)).join('');
}

export const METRICS_CONTENT_TYPE = metricsRegistry.contentType;

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const FORWARDING_HEADERS = ['forwarded', 'x-forwarded-for', 'x-real-ip'];

/**
 * Who may read the metrics. With a token configured: whoever sends `Authorization: Bearer <token>`,
 * from anywhere. Without: only a client on this machine that came straight to the port — a request
 * relayed by a reverse proxy on the same machine carries a forwarding header and is refused, so
 * loopback-only does not become public behind nginx.
 */
export function metricsAccess(req: IncomingMessage, token: string | undefined): 'ok' | 'unauthenticated' | 'forbidden' {
  if (token) {
    const given = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!given) return 'unauthenticated';
    const a = Buffer.from(given);
    const b = Buffer.from(token);
    return a.length === b.length && timingSafeEqual(a, b) ? 'ok' : 'forbidden';
  }
  if (!LOOPBACK.has(req.socket.remoteAddress ?? '')) return 'forbidden';
  if (FORWARDING_HEADERS.some((h) => req.headers[h] !== undefined)) return 'forbidden';
  return 'ok';
}
