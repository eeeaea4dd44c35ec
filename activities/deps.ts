import type { Config } from '../config';
import type { Db } from '../lib/db/prisma';
import type { Logger } from '../lib/logger';
import type { Mailer } from '../lib/mail/mailer';

/** What activities need from the outside world; tests pass real or fake parts. */
export interface ActivityDeps {
  db: Db;
  mailer: Mailer;
  logger: Logger;
  /** Links in notices point here. */
  publicUrl: string;
  secretariatEmail: Config['secretariatEmail'];
}
