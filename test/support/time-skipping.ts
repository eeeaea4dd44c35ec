import { existsSync, readdirSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { Db } from '../../lib/db/prisma';
import { addSearchAttributes } from '../../dev/temporal-setup';
import { installTemporalRuntime } from '../../lib/temporal';
import { temporalBinaries } from './binaries';
import { createTestDatabase, type TestDatabase } from './database';
import { startTestSmtp, type TestSmtp } from './smtp';
import { createTestWorker, uniqueSuffix } from './temporal';

/**
 * The time-skipping test server with its clock starting at `startUtc` (e.g. "2024-03-01 00:00:00"),
 * through libfaketime, so a test walks the real deadlines of the 2023 assessment (31/03/2024,
 * 10/05/2024) in seconds. The SDK passes the server only its port, so the start time goes into a
 * small launcher script of this environment's own.
 */
/** Debian's libfaketime (package faketime), for whichever architecture this is. */
function libfaketime(): string {
  for (const dir of readdirSync('/usr/lib')) {
    const candidate = path.join('/usr/lib', dir, 'faketime', 'libfaketimeMT.so.1');
    if (existsSync(candidate)) return candidate;
  }
  throw new Error('Không tìm thấy libfaketime (gói Debian "faketime"); `npm test` cài gói này.');
}

export async function createTimeSkippingAt(startUtc: string): Promise<TestWorkflowEnvironment> {
  if (!/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(startUtc)) throw new Error(`Thời điểm không hợp lệ: ${startUtc}`);
  // The SDK's runtime is created with the first connection; install the quiet one before that.
  installTemporalRuntime();
  const { testServer } = temporalBinaries();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'temporal-test-server-'));
  const launcher = path.join(dir, 'launch.sh');
  // Preloaded straight into the server's process (no wrapper process), so stopping it stops the server.
  await writeFile(launcher, `#!/bin/sh\nexec env TZ=UTC LD_PRELOAD='${libfaketime()}' FAKETIME='@${startUtc}' '${testServer}' "$@" 2>/dev/null\n`);
  await chmod(launcher, 0o755);
  try {
    const env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: launcher } } });
    // The test server has no namespace or listing API, but it checks search attributes on start.
    await addSearchAttributes(env.connection, env.namespace ?? 'default');
    return env;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * A year on the time-skipping server, all parts real: the test server with its clock at a chosen
 * instant of 2024, a fresh PostgreSQL database, an SMTP server and the project's worker. (A worker
 * restart is tested on the dev server: the test server never moves a stopped worker's workflows off
 * its sticky queue.)
 */
export interface TimeSkippingYear {
  env: TestWorkflowEnvironment;
  database: TestDatabase;
  db: Db;
  smtp: TestSmtp;
  taskQueue: string;
  startWorker(): Promise<void>;
  stopWorker(): Promise<void>;
  /** Moves the server's clock forward to an instant given in Vietnam time, "2024-03-25 12:00". */
  advanceTo(vnDateTime: string): Promise<void>;
  close(): Promise<void>;
}

export function vnInstant(vnDateTime: string): number {
  return Date.parse(`${vnDateTime.replace(' ', 'T')}:00+07:00`);
}

export async function startTimeSkippingYear(startUtc: string): Promise<TimeSkippingYear> {
  const env = await createTimeSkippingAt(startUtc);
  const database = await createTestDatabase();
  const smtp = await startTestSmtp();
  const taskQueue = `year-${uniqueSuffix()}`;
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  const year: TimeSkippingYear = {
    env,
    database,
    db: database.db,
    smtp,
    taskQueue,
    async startWorker() {
      worker = await createTestWorker({ temporal: { namespace: 'default', taskQueue, nativeConnection: env.nativeConnection }, db: database.db, smtpPort: smtp.port });
      running = worker.run();
    },
    async stopWorker() {
      worker?.shutdown();
      await running;
      worker = undefined;
    },
    async advanceTo(vnDateTime) {
      const target = vnInstant(vnDateTime);
      const now = await env.currentTimeMs();
      if (target <= now) throw new Error(`${vnDateTime} đã qua (đồng hồ máy chủ: ${new Date(now).toISOString()})`);
      await env.sleep(target - now);
    },
    async close() {
      await year.stopWorker();
      await env.teardown();
      await smtp.close();
      await database.drop();
    },
  };
  await year.startWorker();
  return year;
}
