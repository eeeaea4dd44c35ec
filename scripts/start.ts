import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Server } from 'node:http';
import { Connection } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import { loadConfig, type Config } from '../config';
import { listen } from '../api/server';
import { ensureDatabase, migrate } from '../lib/db/migrate';
import { redactUrl } from '../lib/db/database-url';
import { createPrisma } from '../lib/db/prisma';
import { isListening } from '../dev/free-port';
import { createLogger } from '../lib/logger';
import { createMailer } from '../lib/mail/mailer';
import { collectProcessMetrics } from '../lib/metrics';
import { connectClient, connectWorker, installTemporalRuntime, temporalMetricsAddress, watchTaskQueueBacklog } from '../lib/temporal';
import { ensureSearchAttributes } from '../dev/temporal-setup';
import { startDevServer, waitForTemporal, type DevServer } from '../dev/temporal-dev-server';
import { seedDemo, DEMO_PASSWORD } from '../dev/seed-demo';
import { seedHistory } from '../dev/seed-history';
import { createWorker } from '../worker/create-worker';
import { chooseDatabase } from './start-database';

/**
 * `npm start`: starts or reuses the Temporal dev server and the mail catcher, migrates and seeds the
 * database, runs the worker and the API, and prints where everything is. Ctrl-C stops only what this
 * process started.
 */

const ROOT = path.resolve(__dirname, '..');
const MAILDEV_WEB_PORT = Number(process.env.MAILDEV_WEB_PORT ?? 1080);
const TEMPORAL_UI_PORT = Number(new URL(process.env.TEMPORAL_UI_URL ?? 'http://127.0.0.1:8233').port || 8233);
const isLoopback = (host: string) => ['127.0.0.1', 'localhost', '::1'].includes(host);

const log = (line: string) => console.log(`▸ ${line}`);
const stops: (() => Promise<void> | void)[] = [];

async function temporalServer(config: Config): Promise<void> {
  const [host, port] = config.temporal.address.split(':') as [string, string];
  if (await isListening(Number(port), host)) {
    await waitForTemporal(config.temporal.address, 15_000);
    log(`Temporal: dùng máy chủ đang chạy tại ${config.temporal.address}`);
    return;
  }
  if (!isLoopback(host)) throw new Error(`Không kết nối được Temporal tại ${config.temporal.address} (TEMPORAL_ADDRESS).`);
  const cliPath = process.env.TEMPORAL_CLI_PATH;
  if (!cliPath) throw new Error('Thiếu TEMPORAL_CLI_PATH (hãy chạy qua `npm start`).');
  await mkdir(path.join(ROOT, 'data', 'temporal'), { recursive: true });
  const server: DevServer = await startDevServer({
    cliPath,
    ip: host === 'localhost' ? '127.0.0.1' : host,
    port: Number(port),
    uiPort: TEMPORAL_UI_PORT,
    dbFile: path.join(ROOT, 'data', 'temporal', 'dev.sqlite'),
    namespaces: config.temporal.namespace === 'default' ? [] : [config.temporal.namespace],
    logLevel: 'warn',
    detached: true,
  });
  stops.push(() => server.stop());
  log(`Temporal: đã khởi động dev server tại ${server.address} (dữ liệu: data/temporal/dev.sqlite)`);
}

async function mailCatcher(config: Config): Promise<void> {
  if (!isLoopback(config.smtp.host)) {
    log(`Thư: gửi qua máy chủ SMTP ${config.smtp.host}:${config.smtp.port}`);
    return;
  }
  if (await isListening(config.smtp.port, config.smtp.host)) {
    log(`Thư: dùng máy chủ SMTP đang chạy tại ${config.smtp.host}:${config.smtp.port}`);
    return;
  }
  const child: ChildProcess = spawn(
    path.join(ROOT, 'node_modules', '.bin', 'maildev'),
    ['--smtp', String(config.smtp.port), '--web', String(MAILDEV_WEB_PORT), '--ip', '127.0.0.1', '--silent'],
    // Own process group, like the Temporal server: mail sent while the worker drains still arrives.
    { stdio: 'ignore', detached: true },
  );
  stops.push(() => {
    child.kill('SIGTERM');
  });
  const until = Date.now() + 15_000;
  while (!(await isListening(config.smtp.port, config.smtp.host))) {
    if (child.exitCode !== null || Date.now() > until) throw new Error('MailDev không khởi động được.');
    await new Promise((r) => setTimeout(r, 200));
  }
  log(`Thư: MailDev nhận thư ở cổng ${config.smtp.port}, hộp thư web http://127.0.0.1:${MAILDEV_WEB_PORT}`);
}

async function main(): Promise<void> {
  const loaded = loadConfig();
  installTemporalRuntime(process.env.TEMPORAL_LOG_LEVEL as 'WARN' | undefined, await temporalMetricsAddress(loaded.metrics.temporalAddress));
  collectProcessMetrics();
  const logger = createLogger(loaded.logLevel);

  if (await isListening(loaded.port, loaded.host)) {
    log(`API đã chạy tại http://${loaded.host}:${loaded.port} — dùng lại, không khởi động lần hai.`);
    printUrls(loaded, false);
    return;
  }
  // From here on a signal stops whatever has started so far, in reverse order, the database last.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void shutdown(0));

  const database = await chooseDatabase(loaded);
  if (database.stop) stops.push(database.stop);
  log(`CSDL: ${database.description}`);
  const config: Config = { ...loaded, databaseUrl: database.url };

  await temporalServer(config);
  await mailCatcher(config);

  if (await ensureDatabase(config.databaseUrl)) log(`CSDL: đã tạo ${redactUrl(config.databaseUrl)}`);
  const migrated = await migrate(config.databaseUrl);
  log(`CSDL: ${migrated.applied.length ? `đã áp dụng ${migrated.applied.join(', ')}` : 'đã cập nhật'} (${redactUrl(config.databaseUrl)})`);

  const db = createPrisma(config.databaseUrl);
  stops.push(() => db.$disconnect());
  const adminConnection = await Connection.connect({ address: config.temporal.address });
  await ensureSearchAttributes(adminConnection, config.temporal.namespace);
  await adminConnection.close();
  const temporal = await connectClient(config.temporal);
  stops.push(() => temporal.connection.close());
  watchTaskQueueBacklog(temporal, config.temporal.taskQueue);

  const seeded = await seedDemo(db, temporal, config);
  log(seeded);

  const mailer = createMailer(config.smtp);
  stops.push(() => mailer.close());
  const workerConnection = await connectWorker(config.temporal);
  stops.push(() => workerConnection.close());
  const worker: Worker = await createWorker({
    connection: workerConnection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    workflowBundlePath: config.workflowBundlePath,
    deps: { db, mailer, logger, publicUrl: config.publicUrl, secretariatEmail: config.secretariatEmail },
  });
  const running = worker.run();
  stops.push(async () => {
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await running.catch(() => undefined);
  });
  const server: Server = await listen({ db, temporal, config, logger });
  stops.push(() => void server.close());
  // The finished previous year runs through the API and the worker just started, in the background so
  // the system serves at once (idempotent: a later start finds it done, or resumes it if interrupted).
  const historyYear = new Date().getUTCFullYear() - 2;
  const apiHost = ['0.0.0.0', '::'].includes(config.host) ? '127.0.0.1' : config.host;
  log(`Dữ liệu mẫu: năm ${historyYear} (đã công bố) được kiểm tra, chạy tiếp ở nền nếu chưa xong`);
  seedHistory({ baseUrl: `http://${apiHost}:${config.port}`, year: historyYear }).then(log, (error: unknown) => {
    if (!stopping) console.error(`✗ ${error instanceof Error ? error.message : String(error)} (lần chạy npm start sau sẽ làm tiếp)`);
  });
  printUrls(config);
}

let stopping = false;
/** Stops what this process started, newest first, then exits. */
async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  if (code === 0) console.log('\n▸ Đang dừng…');
  for (const stop of stops.reverse()) {
    try {
      await stop();
    } catch (error) {
      console.error(`✗ ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  process.exit(code);
}

function printUrls(config: Config, ownsProcesses = true): void {
  console.log(`
  Chỉ số CCHC đang chạy:
    Giao diện và API   http://${config.host}:${config.port}   (kiểm tra: /readyz)
    Tài liệu API       http://${config.host}:${config.port}/api/v1/docs
    Temporal Web UI    ${config.temporal.uiUrl}
    Hộp thư (MailDev)  http://127.0.0.1:${MAILDEV_WEB_PORT}
  Tài khoản mẫu (mật khẩu ${DEMO_PASSWORD}): sonoivu, chutich, hoidong1…hoidong8, snv.canbo, snv.thutruong, lanhdao
${ownsProcesses ? '  Nhấn Ctrl-C để dừng.\n' : '  (Các thành phần do lần chạy npm start trước quản lý.)\n'}`);
}

main().catch((error: unknown) => {
  console.error(`✗ ${error instanceof Error ? error.message : String(error)}`);
  void shutdown(1);
});
