import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Worker } from '@temporalio/worker';
import { createApp } from '../../api/app';
import { parseConfig, type Config } from '../../config';
import { createLogger } from '../../lib/logger';
import { createTestDatabase, type TestDatabase } from './database';
import { TEST_PASSWORD } from './org';
import { startTestSmtp, type TestSmtp } from './smtp';
import { waitFor, WAIT_BOUND_MS } from './wait';
import { createTestTemporal, createTestWorker, type TestTemporal } from './temporal';

/**
 * The whole system for one test file, all real: a fresh PostgreSQL database, a Temporal namespace on
 * the run's dev server, an SMTP server, the worker, and the Express app on a loopback port.
 */
export interface TestSystem {
  database: TestDatabase;
  temporal: TestTemporal;
  smtp: TestSmtp;
  worker: Worker;
  config: Config;
  baseUrl: string;
  http: HttpClient;
  /** Stops the worker (waiting for it to drain) and starts a new one, as a restart would. */
  restartWorker(): Promise<void>;
  close(): Promise<void>;
}

export interface HttpResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface HttpClient {
  request<T = any>(method: string, path: string, options?: { token?: string; body?: unknown; headers?: Record<string, string>; raw?: RequestInit['body'] }): Promise<HttpResponse<T>>;
  login(username: string, password?: string): Promise<string>;
}

export function httpClient(baseUrl: string): HttpClient {
  const client: HttpClient = {
    async request(method, path, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      let body: RequestInit['body'] = options.raw;
      if (options.body !== undefined) {
        headers['content-type'] ??= 'application/json';
        body = JSON.stringify(options.body);
      }
      const response = await fetch(`${baseUrl}${path}`, { method, headers, body });
      const text = await response.text();
      const type = response.headers.get('content-type') ?? '';
      return { status: response.status, headers: response.headers, body: type.includes('json') && text ? JSON.parse(text) : text };
    },
    async login(username, password = TEST_PASSWORD) {
      const res = await client.request('POST', '/api/v1/auth/login', { body: { username, password } });
      if (res.status !== 200) throw new Error(`Đăng nhập ${username} thất bại: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.token as string;
    },
  };
  return client;
}

export async function startTestSystem(): Promise<TestSystem> {
  const database = await createTestDatabase();
  const temporal = await createTestTemporal();
  const smtp = await startTestSmtp();
  const config = parseConfig({
    DATABASE_URL: database.url,
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_NAMESPACE: temporal.namespace,
    TEMPORAL_TASK_QUEUE: temporal.taskQueue,
    SMTP_PORT: String(smtp.port),
    LOG_LEVEL: 'silent',
  });
  const newWorker = () => createTestWorker({ temporal, db: database.db, smtpPort: smtp.port });
  let worker = await newWorker();
  let running = worker.run();
  const app = createApp({ db: database.db, temporal: temporal.client, config, logger: createLogger('silent') });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const system: TestSystem = {
    database,
    temporal,
    smtp,
    get worker() {
      return worker;
    },
    config,
    baseUrl,
    http: httpClient(baseUrl),
    async restartWorker() {
      worker.shutdown();
      await running;
      worker = await newWorker();
      running = worker.run();
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
      await smtp.close();
      await temporal.close();
      await database.drop();
    },
  };
  return system;
}

/** Polls until `check` returns a value that is not undefined, or fails naming `what` after the bound. */
export function eventually<T>(check: () => Promise<T | undefined>, what: string, boundMs = WAIT_BOUND_MS): Promise<T> {
  return waitFor(what, check, boundMs);
}
