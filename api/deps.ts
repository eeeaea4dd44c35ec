import type { Client } from '@temporalio/client';
import type { Config } from '../config';
import type { Db } from '../lib/db/prisma';
import type { Logger } from '../lib/logger';

/** What the HTTP app needs; tests pass the real database and Temporal client of their own. */
export interface ApiDeps {
  db: Db;
  temporal: Client;
  config: Config;
  logger: Logger;
}
