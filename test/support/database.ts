import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { createPrisma, type Db } from '../../lib/db/prisma';
import { ensureDatabase, migrate } from '../../lib/db/migrate';
import { parseDatabaseUrl, quoteIdent } from '../../lib/db/database-url';

/** Test databases live on the run's server (chosen by the global setup), each under a name of its own. */
const serverUrl = () => process.env.TEST_DATABASE_SERVER_URL ?? DEFAULT_SERVER_URL;
export const DEFAULT_SERVER_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';
const PREFIX = 'cchc_test_';
const STALE_AFTER_MS = 6 * 60 * 60 * 1000;

export interface TestDatabase {
  url: string;
  name: string;
  db: Db;
  drop(): Promise<void>;
}

function urlFor(name: string): string {
  const url = new URL(serverUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

/** A fresh, migrated database for one test file; `drop()` removes it. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `${PREFIX}${Date.now()}_${randomBytes(4).toString('hex')}`;
  const url = urlFor(name);
  await ensureDatabase(url);
  await migrate(url);
  const db = createPrisma(url, 5);
  return {
    url,
    name,
    db,
    async drop() {
      await db.$disconnect();
      await dropDatabase(name);
    },
  };
}

async function withServer<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: parseDatabaseUrl(urlFor('postgres')).maintenanceUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export function dropDatabase(name: string): Promise<void> {
  return withServer(async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
  });
}

/** Removes test databases left behind by runs that crashed more than a few hours ago. */
export function dropStaleTestDatabases(): Promise<void> {
  return withServer(async (client) => {
    const { rows } = await client.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [`${PREFIX}%`]);
    for (const { datname } of rows) {
      const created = Number(datname.slice(PREFIX.length).split('_')[0]);
      if (Number.isFinite(created) && Date.now() - created > STALE_AFTER_MS) {
        await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(datname)} WITH (FORCE)`);
      }
    }
  });
}
