import { Client } from 'pg';
import type { TableShape } from './declared-schema';

/** The shape of a live database's public schema, read from the catalogs, bookkeeping table excepted. */

const ACTIONS: Record<string, string> = { a: 'NO ACTION', r: 'RESTRICT', c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT' };

export async function liveSchema(databaseUrl: string): Promise<Record<string, TableShape>> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const columns = await client.query<{ table_name: string; column_name: string; type: string; is_nullable: string }>(`
      SELECT c.table_name, c.column_name, c.is_nullable,
             format_type(a.atttypid, a.atttypmod) AS type
      FROM information_schema.columns c
      JOIN pg_attribute a ON a.attrelid = format('%I.%I', c.table_schema, c.table_name)::regclass AND a.attname = c.column_name
      WHERE c.table_schema = 'public' AND c.table_name <> '_prisma_migrations'
      ORDER BY c.table_name, c.ordinal_position`);
    const indexes = await client.query<{ table_name: string; is_primary: boolean; is_unique: boolean; columns: string }>(`
      SELECT t.relname AS table_name, i.indisprimary AS is_primary, i.indisunique AS is_unique,
             string_agg(a.attname, ',' ORDER BY k.ord) AS columns
      FROM pg_index i
      JOIN pg_class t ON t.oid = i.indrelid
      JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'public'
      CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
      JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
      WHERE t.relname <> '_prisma_migrations'
      GROUP BY t.relname, i.indexrelid, i.indisprimary, i.indisunique`);
    const fks = await client.query<{ table_name: string; columns: string; ref_table: string; ref_columns: string; on_delete: string; on_update: string }>(`
      SELECT c.conrelid::regclass::text AS table_name, c.confrelid::regclass::text AS ref_table,
             (SELECT string_agg(a.attname, ',' ORDER BY k.ord) FROM unnest(c.conkey) WITH ORDINALITY k(attnum, ord)
                JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum) AS columns,
             (SELECT string_agg(a.attname, ',' ORDER BY k.ord) FROM unnest(c.confkey) WITH ORDINALITY k(attnum, ord)
                JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum) AS ref_columns,
             c.confdeltype AS on_delete, c.confupdtype AS on_update
      FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace AND n.nspname = 'public'
      WHERE c.contype = 'f'`);

    const tables: Record<string, TableShape> = {};
    const table = (name: string) => (tables[name] ??= { columns: {}, primaryKey: [], uniques: [], indexes: [], foreignKeys: [] });
    for (const c of columns.rows) table(c.table_name).columns[c.column_name] = { type: c.type, nullable: c.is_nullable === 'YES' };
    for (const i of indexes.rows) {
      const t = table(i.table_name);
      if (i.is_primary) t.primaryKey = i.columns.split(',');
      else if (i.is_unique) t.uniques.push(i.columns);
      else t.indexes.push(i.columns);
    }
    for (const f of fks.rows) {
      table(f.table_name.replace(/"/g, '')).foreignKeys.push({
        columns: f.columns.split(','),
        refTable: f.ref_table.replace(/"/g, ''),
        refColumns: f.ref_columns.split(','),
        onDelete: ACTIONS[f.on_delete]!,
        onUpdate: ACTIONS[f.on_update]!,
      });
    }
    for (const t of Object.values(tables)) {
      t.uniques.sort();
      t.indexes.sort();
      t.foreignKeys.sort((a, b) => a.columns.join().localeCompare(b.columns.join()));
    }
    return tables;
  } finally {
    await client.end();
  }
}
