import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { declaredSchema } from '../support/declared-schema';
import { liveSchema } from '../support/live-schema';
import { createTestDatabase, type TestDatabase } from '../support/database';

/** The migrations produce exactly what schema.prisma declares: tables, columns, types, keys. */
describe('migrated database matches schema.prisma', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.drop();
  });

  it('has exactly the declared tables, columns, types, nullability, keys, uniques, indexes and foreign keys', async () => {
    const declared = declaredSchema();
    const live = await liveSchema(database.url);
    expect(Object.keys(live).sort()).toEqual(Object.keys(declared).sort());
    for (const name of Object.keys(declared)) {
      expect({ table: name, ...live[name] }).toEqual({ table: name, ...declared[name] });
    }
  });

  it('notices a drift: a column the schema does not declare', async () => {
    const { Client } = await import('pg');
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      await client.query('ALTER TABLE units ADD COLUMN stray TEXT');
      const live = await liveSchema(database.url);
      expect(live.units!.columns).toHaveProperty('stray');
      expect(declaredSchema().units!.columns).not.toHaveProperty('stray');
    } finally {
      await client.query('ALTER TABLE units DROP COLUMN stray');
      await client.end();
    }
  });
});
