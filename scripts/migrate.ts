import { loadConfig } from '../config';
import { ensureDatabase, migrate } from '../lib/db/migrate';
import { redactUrl } from '../lib/db/database-url';

/** `npm run db:migrate`: creates the database if needed and applies pending migrations. */
async function main(): Promise<void> {
  const { databaseUrl } = loadConfig();
  if (await ensureDatabase(databaseUrl)) console.log(`Đã tạo cơ sở dữ liệu ${redactUrl(databaseUrl)}`);
  const result = await migrate(databaseUrl);
  for (const name of result.applied) console.log(`Đã áp dụng migration ${name}`);
  if (!result.applied.length) console.log(`Cơ sở dữ liệu đã cập nhật (${result.alreadyApplied.length} migration).`);
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});
