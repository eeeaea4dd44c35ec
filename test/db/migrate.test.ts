import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client } from 'pg';
import { MIGRATIONS_DIR, MigrationError, migrate } from '../../lib/db/migrate';
import { createTestDatabase, type TestDatabase } from '../support/database';

describe('migration runner', () => {
  let database: TestDatabase;
  let dir: string;
  let pg: Client;

  beforeAll(async () => {
    database = await createTestDatabase();
    pg = new Client({ connectionString: database.url });
    await pg.connect();
    dir = await mkdtemp(path.join(os.tmpdir(), 'migrations-'));
  });
  afterAll(async () => {
    await pg.end();
    await database.drop();
    await rm(dir, { recursive: true, force: true });
  });

  async function copyProjectMigrations(): Promise<void> {
    const init = (await import('node:fs')).readdirSync(MIGRATIONS_DIR, { withFileTypes: true }).filter((e) => e.isDirectory());
    for (const entry of init) {
      await mkdir(path.join(dir, entry.name), { recursive: true });
      await writeFile(path.join(dir, entry.name, 'migration.sql'), await readFile(path.join(MIGRATIONS_DIR, entry.name, 'migration.sql')));
    }
  }

  it('keeps Prisma’s bookkeeping and applies nothing twice', async () => {
    const again = await migrate(database.url);
    expect(again.applied).toEqual([]);
    const { rows } = await pg.query('SELECT migration_name, finished_at, rolled_back_at, applied_steps_count, length(checksum) AS len FROM _prisma_migrations');
    expect(rows.length).toBe(again.alreadyApplied.length);
    for (const row of rows) {
      expect(row.finished_at).not.toBeNull();
      expect(row.rolled_back_at).toBeNull();
      expect(row.len).toBe(64);
    }
  });

  it('rolls a failing migration back whole and reports it by name', async () => {
    await copyProjectMigrations();
    await mkdir(path.join(dir, '29990101000000_broken'), { recursive: true });
    await writeFile(
      path.join(dir, '29990101000000_broken', 'migration.sql'),
      'CREATE TABLE "half_done" ("id" INTEGER);\nALTER TABLE "no_such_table" ADD COLUMN "x" INTEGER;\n',
    );
    await expect(migrate(database.url, dir)).rejects.toThrow(MigrationError);
    await expect(migrate(database.url, dir)).rejects.toThrow(/29990101000000_broken.*hoàn tác/);
    const table = await pg.query("SELECT to_regclass('public.half_done') AS t");
    expect(table.rows[0].t).toBeNull();
    const record = await pg.query("SELECT 1 FROM _prisma_migrations WHERE migration_name = '29990101000000_broken'");
    expect(record.rowCount).toBe(0);
  });

  it('refuses to go on when an applied migration file was edited', async () => {
    await rm(path.join(dir, '29990101000000_broken'), { recursive: true });
    const [first] = (await import('node:fs')).readdirSync(dir).sort();
    await writeFile(path.join(dir, first!, 'migration.sql'), '-- edited\n', { flag: 'a' });
    await expect(migrate(database.url, dir)).rejects.toThrow(/checksum/);
  });

  it('applies dollar-quoted bodies as written', async () => {
    const ok = await pg.query("SELECT count(*)::int AS n FROM pg_trigger WHERE tgname = 'audit_log_append_only'");
    expect(ok.rows[0].n).toBe(1);
    await pg.query(`INSERT INTO audit_log (actor, action, prev_hash, hash) VALUES ('x', 'y', repeat('0', 64), repeat('1', 64))`);
    await expect(pg.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    await expect(pg.query("UPDATE audit_log SET actor = 'z'")).rejects.toThrow(/append-only/);
  });
});
