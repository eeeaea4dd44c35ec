import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SMTPServer } from 'smtp-server';
import { freePort } from '../../dev/free-port';
import { smallCriteriaSet } from '../fixtures/small-criteria-set';
import { openYearConfig } from '../fixtures/open-year-config';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { seedOrg } from '../support/org';
import { httpClient, type HttpClient } from '../support/system';
import { createTestTemporal, type TestTemporal } from '../support/temporal';
import { waitFor } from '../support/wait';

/**
 * /metrics on the real processes as an operator runs them apart: `npm run api` and `npm run worker`
 * (api/main.ts, worker/main.ts) as child processes over a test database, a Temporal namespace and an
 * SMTP server that refuses one unit's addresses. After real drafts, a submit, a refusal and notices
 * (one refused by SMTP), each process's scrape shows them, the worker's with the Temporal SDK's own
 * metrics; the API reads loopback-only, the worker by token.
 */
const ROOT = path.resolve(__dirname, '../..');
const YEAR = 2023;
const GROUP = 'SO_NGANH';
const TOKEN = 'giam-sat-thu-nghiem-0123456789';

/** One sample's value from Prometheus' text format (summed over series matching every given label). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  let found: number | undefined;
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1]!, l[2]!]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) found = (found ?? 0) + Number(m[3]);
  }
  return found;
}

describe('metrics of the API and the worker run apart', () => {
  let database: TestDatabase;
  let temporal: TestTemporal;
  let smtp: SMTPServer;
  let http: HttpClient;
  let apiUrl: string;
  let workerMetricsUrl: string;
  const children: ChildProcess[] = [];
  const output: string[] = [];

  function start(script: string, env: Record<string, string>): ChildProcess {
    const child = spawn(path.join(ROOT, 'node_modules/.bin/tsx'), [script], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (c: Buffer) => output.push(c.toString()));
    child.stderr!.on('data', (c: Buffer) => output.push(c.toString()));
    children.push(child);
    return child;
  }
  const log = () => output.join('').slice(-3000);

  beforeAll(async () => {
    database = await createTestDatabase();
    temporal = await createTestTemporal();
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo(address, _session, callback) {
        if (address.address.startsWith('stp')) return callback(Object.assign(new Error('Hộp thư không tồn tại'), { responseCode: 550 }));
        callback();
      },
      onData(stream, _session, callback) {
        stream.resume();
        stream.on('end', () => callback());
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
    const smtpPort = (smtp.server.address() as { port: number }).port;
    await seedOrg(database.db, { groups: [{ code: GROUP, units: ['SNV', 'STP'] }], users: [{ username: 'sonoivu', role: 'secretariat' }] });

    const [apiPort, workerMetricsPort] = [await freePort(), await freePort()];
    const common = {
      DATABASE_URL: database.url,
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_NAMESPACE: temporal.namespace,
      TEMPORAL_TASK_QUEUE: temporal.taskQueue,
      SMTP_PORT: String(smtpPort),
      LOG_LEVEL: 'warn',
    };
    start('worker/main.ts', {
      ...common,
      WORKER_METRICS_ADDRESS: `127.0.0.1:${workerMetricsPort}`,
      METRICS_TOKEN: TOKEN,
      WORKFLOW_BUNDLE_PATH: process.env.PAR_TEST_WORKFLOW_BUNDLE ?? '',
    });
    start('api/main.ts', { ...common, PORT: String(apiPort), WORKER_METRICS_ADDRESS: 'off' });
    apiUrl = `http://127.0.0.1:${apiPort}`;
    workerMetricsUrl = `http://127.0.0.1:${workerMetricsPort}/metrics`;
    http = httpClient(apiUrl);
    await waitFor(() => `the API ready and the worker's metrics answering:\n${log()}`, async () => {
      if (children.some((c) => c.exitCode !== null)) throw new Error(`a process exited:\n${log()}`);
      const ready = await fetch(`${apiUrl}/readyz`);
      const worker = await fetch(workerMetricsUrl, { headers: { authorization: `Bearer ${TOKEN}` } });
      return ready.status === 200 && worker.status === 200 ? true : undefined;
    });
  });

  afterAll(async () => {
    for (const child of children) child.kill('SIGTERM');
    await waitFor('the API and the worker exit after SIGTERM', () => (children.every((c) => c.exitCode !== null || c.signalCode !== null) ? true : undefined));
    await new Promise<void>((resolve) => smtp?.close(() => resolve()));
    await temporal?.close();
    await database?.drop();
  });

  it('counts requests by route pattern, drafts, submits, refusals, mails and audit appends; the worker adds the Temporal SDK metrics', async () => {
    const sonoivu = await http.login('sonoivu');
    expect((await http.request('POST', '/api/v1/years', { token: sonoivu, body: { year: YEAR, title: 'Năm 2023', config: openYearConfig() } })).status).toBe(201);
    expect((await http.request('PUT', `/api/v1/years/${YEAR}/criteria-sets/${GROUP}`, { token: sonoivu, body: smallCriteriaSet(YEAR, GROUP) })).status).toBe(200);
    expect((await http.request('POST', `/api/v1/years/${YEAR}/start`, { token: sonoivu })).status).toBe(202);
    const canbo = await http.login('snv.canbo');
    const head = await http.login('snv.thutruong');
    await waitFor('SNV in self-assessment', async () => {
      const res = await http.request('GET', `/api/v1/years/${YEAR}/units/SNV/assessment`, { token: canbo });
      return res.status === 200 && res.body.phase === 'SELF_ASSESSMENT' ? true : undefined;
    });
    await waitFor('the workflow of SNV started', () => temporal.client.workflow.getHandle(`par/${YEAR}/SNV`).describe());
    for (const [leaf, score] of [['1.1.1', 3], ['1.1.2', 2]] as const) {
      expect((await http.request('PUT', `/api/v1/years/${YEAR}/units/SNV/leaves/${leaf}`, { token: canbo, body: { selfScore: score } })).status).toBe(200);
    }
    expect((await http.request('POST', `/api/v1/years/${YEAR}/units/SNV/submit`, { token: head })).status).toBe(200);
    const again = await http.request('POST', `/api/v1/years/${YEAR}/units/SNV/submit`, { token: head });
    expect(again.body.code).toBe('ALREADY_SUBMITTED');

    // The API process: loopback reaches it directly; the same request relayed by a proxy does not.
    const api = await fetch(`${apiUrl}/metrics`);
    expect(api.status).toBe(200);
    expect(api.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await api.text();
    const route = '/api/v1/years/:year/units/:unitCode/leaves/:leafCode';
    expect(sample(text, 'cchc_http_request_duration_seconds_count', { method: 'PUT', route, status: '200' })).toBe(2);
    expect(sample(text, 'cchc_http_request_duration_seconds_count', { route: '/api/v1/years/:year/units/:unitCode/submit', status: '409' })).toBe(1);
    expect(text).not.toMatch(/route="\/api\/v1\/years\/2023/);
    expect(sample(text, 'cchc_draft_saves_total', { kind: 'leaf' })).toBe(2);
    expect(sample(text, 'cchc_submissions_total', { late: 'false' })).toBe(1);
    expect(sample(text, 'cchc_refusals_total', { code: 'ALREADY_SUBMITTED', status: '409' })).toBe(1);
    expect(sample(text, 'cchc_audit_appends_total', { outcome: 'appended' })).toBeGreaterThanOrEqual(4);
    expect(sample(text, 'cchc_audit_append_duration_seconds_count')).toBeGreaterThanOrEqual(4);
    expect(sample(text, 'cchc_task_queue_backlog', { task_queue: temporal.taskQueue, type: 'workflow' })).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'process_cpu_seconds_total')).toBeGreaterThan(0);
    expect((await fetch(`${apiUrl}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.7' } })).status).toBe(403);

    // The worker's process: notices sent (SNV's) and refused (STP's addresses), its activities' audit
    // appends, and the SDK's own worker metrics; read by token only.
    let seen = '';
    const workerText = await waitFor(() => `the worker counts the sent and the refused notices; seen: ${seen}`, async () => {
      const res = await fetch(workerMetricsUrl, { headers: { authorization: `Bearer ${TOKEN}` } });
      const t = await res.text();
      seen = t.split('\n').filter((l) => l.startsWith('cchc_mails')).join('; ');
      return (sample(t, 'cchc_mails_total', { outcome: 'sent' }) ?? 0) >= 2 && (sample(t, 'cchc_mails_total', { outcome: 'failed' }) ?? 0) >= 1 ? t : undefined;
    });
    expect(sample(workerText, 'cchc_audit_appends_total', { outcome: 'appended' })).toBeGreaterThan(0);
    expect(sample(workerText, 'temporal_workflow_task_execution_latency_seconds_count', { namespace: temporal.namespace })).toBeGreaterThan(0);
    expect(sample(workerText, 'temporal_activity_execution_latency_seconds_count', { namespace: temporal.namespace })).toBeGreaterThan(0);
    expect(workerText).toMatch(/^temporal_worker_task_slots_available\{/m);
    expect((await fetch(workerMetricsUrl)).status).toBe(401);
    expect((await fetch(workerMetricsUrl, { headers: { authorization: 'Bearer sai-ma-truy-cap-0123456789' } })).status).toBe(403);
  });
});
