import type { Client } from '@temporalio/client';
import type { Db } from '../../../lib/db/prisma';
import { workflowsIdle } from '../../support/wait';

/**
 * A fingerprint of everything a request could have changed: every table's content (sessions aside,
 * which logins create) and the length of every workflow's history. Equal before and after means the
 * request changed nothing.
 */
export async function databaseFingerprint(db: Db, except: readonly string[] = ['sessions', '_prisma_migrations']): Promise<Record<string, string>> {
  const tables = await db.$queryRaw<{ table_name: string }[]>`
    SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`;
  const out: Record<string, string> = {};
  for (const { table_name } of tables) {
    if (except.includes(table_name)) continue;
    const [row] = await db.$queryRawUnsafe<{ fp: string | null; n: bigint }[]>(
      `SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS fp, count(*) AS n FROM "${table_name}" t`,
    );
    out[table_name] = `${row?.n ?? 0}:${row?.fp ?? ''}`;
  }
  return out;
}

export async function workflowFingerprint(temporal: Client, workflowIds: readonly string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const id of workflowIds) {
    try {
      const d = await temporal.workflow.getHandle(id).describe();
      out[id] = `${d.status.name}:${d.historyLength}`;
    } catch {
      out[id] = 'missing';
    }
  }
  return out;
}

/**
 * The database once the workflows' background work is done: none of them has a workflow task or an
 * activity outstanding (the only writers besides requests), then the fingerprint.
 */
export async function settledFingerprint(db: Db, temporal: Client, workflowIds: readonly string[]): Promise<Record<string, string>> {
  await workflowsIdle(workflowIds.map((id) => temporal.workflow.getHandle(id)));
  return databaseFingerprint(db);
}
