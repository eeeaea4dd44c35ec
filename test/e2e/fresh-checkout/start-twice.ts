import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isListening } from '../../../dev/free-port';

/**
 * Run by fresh-checkout.test.ts inside the checkout to try (and, normally, inside a network namespace
 * of its own): `npm start` as a newcomer types it, twice. Prints one JSON report on stdout; the test
 * asserts on it. Each wait is bounded and says what it waited for.
 */

const checkout = process.cwd();
const port = Number(process.env.PORT ?? 3000);
const postgresPort = Number(process.env.EMBEDDED_POSTGRES_PORT ?? 5432);
const base = `http://127.0.0.1:${port}`;
const MARKER_USER = 'kiemtra.khoidong';
const MARKER_PASSWORD = 'Kh0iDong!Lai#2024';

interface Run {
  child: ChildProcess;
  logFile: string;
}
const runs: Run[] = [];

function signalGroup(run: Run, signal: NodeJS.Signals): void {
  try {
    process.kill(-run.child.pid!, signal);
  } catch {
    // the group is already gone
  }
}

function startSystem(n: number): Run {
  const logFile = path.join(checkout, `npm-start-${n}.log`);
  const out = openSync(logFile, 'w');
  // Its own process group, so the stop below is a Ctrl-C to all of npm start, as in a terminal.
  const child = spawn('npm', ['start'], { cwd: checkout, detached: true, stdio: ['ignore', out, out] });
  const run = { child, logFile };
  runs.push(run);
  return run;
}

const logOf = (run: Run) => readFileSync(run.logFile, 'utf8');
/** How it ended: its exit code, or the signal (npm re-raises a Ctrl-C on itself once its script is done). */
const ended = (run: Run) => run.child.exitCode ?? run.child.signalCode;

async function until<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined>, run?: Run): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (run && ended(run) !== null) throw new Error(`npm start đã thoát (${ended(run)}) khi chờ ${what}:\n${logOf(run).slice(-3000)}`);
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Hết ${timeoutMs / 1000} giây chờ ${what}${run ? `:\n${logOf(run).slice(-3000)}` : ''}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function ready(run: Run): Promise<number> {
  const started = Date.now();
  await until('/readyz báo ready', 300_000, async () => {
    const res = await fetch(`${base}/readyz`);
    const body = (await res.json()) as { status: string };
    return res.status === 200 && body.status === 'ready' ? true : undefined;
  }, run);
  return Date.now() - started;
}

/** Ctrl-C to the whole of npm start, then until every process of it has exited and the embedded server is down. */
async function stop(run: Run): Promise<{ ended: number | string | null }> {
  signalGroup(run, 'SIGINT');
  const withLog = (error: Error) => {
    throw new Error(`${error.message}:\n${logOf(run).slice(-3000)}`);
  };
  // npm itself may exit first; the node process behind it is still stopping what it started.
  await until('mọi tiến trình của npm start dừng sau Ctrl-C', 90_000, async () => (ended(run) !== null && !groupAlive(run) ? true : undefined)).catch(withLog);
  const pidFile = path.join(checkout, 'data/postgres/main/postmaster.pid');
  await until('PostgreSQL nhúng dừng', 30_000, async () => (!existsSync(pidFile) && !(await isListening(postgresPort)) ? true : undefined)).catch(withLog);
  return { ended: ended(run) };
}

function groupAlive(run: Run): boolean {
  try {
    process.kill(-run.child.pid!, 0);
    return true;
  } catch {
    return false;
  }
}

async function status(url: string, init?: RequestInit): Promise<{ status: number; type: string; text: string }> {
  const res = await fetch(`${base}${url}`, init);
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
}

/** Every file the server sends: the app page, its hashed assets, the API docs page, its script and style. */
async function pages(): Promise<Record<string, { status: number; type: string }>> {
  const found: Record<string, { status: number; type: string }> = {};
  const index = await status('/');
  found['/'] = index;
  const assets = [...index.text.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!);
  for (const url of ['/index.html', ...assets, '/api/v1/docs', '/api/v1/docs/docs.js', '/api/v1/docs/docs.css', '/api/v1/openapi.json']) {
    const { status: s, type } = await status(url);
    found[url] = { status: s, type };
  }
  return found;
}

async function login(username: string, password: string): Promise<{ status: number; token?: string }> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const body = (await res.json().catch(() => ({}))) as { token?: string };
  return { status: res.status, token: body.token };
}

const databaseLines = (run: Run) => logOf(run).split('\n').filter((l) => l.includes('CSDL'));

async function main(): Promise<void> {
  const first = startSystem(1);
  const firstReadyMs = await ready(first);
  const servedPages = await pages();
  const admin = await login('sonoivu', 'Cchc@2025');
  const created = await fetch(`${base}/api/v1/users`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${admin.token}` },
    body: JSON.stringify({ username: MARKER_USER, fullName: 'Kiểm tra khởi động lại', role: 'viewer', password: MARKER_PASSWORD }),
  });
  // With npm start the API and the worker share one process: one scrape shows both, the SDK's metrics included.
  const metricsText = await (await fetch(`${base}/metrics`)).text();
  const metrics = ['cchc_http_request_duration_seconds_count', 'cchc_audit_appends_total', 'cchc_task_queue_backlog', 'temporal_worker_task_slots_available', 'temporal_num_pollers'].filter(
    (name) => new RegExp(`^${name}\\{`, 'm').test(metricsText),
  );
  const firstStop = await stop(first);

  const second = startSystem(2);
  const secondReadyMs = await ready(second);
  const markerLogin = await login(MARKER_USER, MARKER_PASSWORD);
  const secondStop = await stop(second);

  const report = {
    first: { readyMs: firstReadyMs, database: databaseLines(first), stop: firstStop },
    pages: servedPages,
    createdMarkerUser: created.status,
    metrics,
    second: { readyMs: secondReadyMs, database: databaseLines(second), stop: secondStop },
    markerLoginAfterRestart: markerLogin.status,
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

/** On failure or when told to stop: Ctrl-C to any npm start still running, then a hard kill. */
async function cleanUp(): Promise<void> {
  const alive = runs.filter((r) => ended(r) === null);
  for (const run of alive) signalGroup(run, 'SIGINT');
  await until('npm start dừng khi dọn dẹp', 60_000, async () => (alive.every((r) => ended(r) !== null) ? true : undefined)).catch(() => {
    for (const run of alive) signalGroup(run, 'SIGKILL');
  });
}

process.once('SIGTERM', () => void cleanUp().then(() => process.exit(143)));
main().catch(async (error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  await cleanUp();
  process.exit(1);
});
