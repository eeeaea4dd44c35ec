import path from 'node:path';
import type { Config } from '../config';
import { redactUrl } from '../lib/db/database-url';
import { isListening } from '../dev/free-port';
import { embeddedUrl, runningServer, startEmbeddedPostgres, stopServerByPid } from '../dev/embedded-postgres';

/**
 * Which PostgreSQL `npm start` uses: the one DATABASE_URL names; else a server answering on the
 * default address (127.0.0.1:5432); else a PostgreSQL from npm with its data in data/postgres/main,
 * stopped when `npm start` stops. EMBEDDED_POSTGRES=on/off forces or forbids the embedded one.
 */

export interface DatabaseChoice {
  url: string;
  /** One line for the console: which server, where its data lives. */
  description: string;
  /** Stops the embedded server (undefined when the server is not ours). */
  stop?: () => Promise<void>;
}

export const EMBEDDED_DATA_DIR = path.resolve(__dirname, '..', 'data', 'postgres', 'main');
const DEFAULT_HOST = '127.0.0.1';
const DEFAULT_PORT = 5432;
const DATABASE_NAME = 'chi_so_cchc';

export async function chooseDatabase(config: Config, dataDir = EMBEDDED_DATA_DIR): Promise<DatabaseChoice> {
  const { urlConfigured, embedded, embeddedPort } = config.postgres;
  const shown = path.relative(process.cwd(), dataDir) || dataDir;

  if (urlConfigured || embedded === 'off') {
    return { url: config.databaseUrl, description: `máy chủ PostgreSQL theo DATABASE_URL (${redactUrl(config.databaseUrl)})` };
  }

  // A server of ours left running by a start that was killed: take it over, and stop it on exit.
  const left = runningServer(dataDir);
  if (left && (await isListening(left.port, DEFAULT_HOST))) {
    return {
      url: embeddedUrl(left.port, DATABASE_NAME),
      description: `PostgreSQL nhúng đang chạy từ lần trước (pid ${left.pid}, cổng ${left.port}, dữ liệu ${shown}); sẽ dừng khi thoát`,
      stop: () => stopServerByPid(left.pid),
    };
  }

  if (embedded === 'auto' && (await isListening(DEFAULT_PORT, DEFAULT_HOST))) {
    return { url: config.databaseUrl, description: `máy chủ PostgreSQL đang chạy tại ${DEFAULT_HOST}:${DEFAULT_PORT}` };
  }

  if (await isListening(embeddedPort, DEFAULT_HOST)) {
    throw new Error(`Cổng ${embeddedPort} đã có chương trình khác: đặt EMBEDDED_POSTGRES_PORT sang cổng trống, hoặc DATABASE_URL.`);
  }
  const server = await startEmbeddedPostgres({ dataDir, port: embeddedPort, detached: true });
  return {
    url: server.url(DATABASE_NAME),
    description:
      `PostgreSQL nhúng ${server.version} (gói npm embedded-postgres) tại ${DEFAULT_HOST}:${server.port}, ` +
      `dữ liệu ${shown}${server.created ? ' (mới tạo)' : ''}; dừng khi thoát`,
    stop: () => server.stop(),
  };
}
