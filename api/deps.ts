import type { Client } from '@temporalio/client';
import type { Config } from '../config';
import type { Db } from '../lib/db/prisma';
import type { Logger } from '../lib/logger';
import type { ThrottlePolicy } from './auth/throttle';

/** What the HTTP app needs; tests pass the real database and Temporal client of their own. */
export interface ApiDeps {
  db: Db;
  temporal: Client;
  config: Config;
  logger: Logger;
  /** Browser origins allowed to call the API from elsewhere (CORS); none by default. */
  corsOrigins?: readonly string[];
  /** Login throttling; the defaults suit production (tests shorten the waits). */
  loginThrottle?: ThrottlePolicy;
  /** Check every JSON response against its documented schema (tests). */
  checkResponses?: boolean;
}
