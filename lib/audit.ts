import { createHash } from 'node:crypto';
import type { Db, Prisma } from './db/prisma';
import { canonicalJson } from './canonical-json';
import { auditAppendDuration, auditAppends } from './metrics';

/**
 * The append-only audit log. Each entry's hash covers its content and the previous entry's hash, so
 * changing or removing any entry breaks the chain from there on, and `verifyAuditChain` finds where.
 */

export const GENESIS_HASH = '0'.repeat(64);
/** Serialises appends so each one links to the true previous entry. */
const AUDIT_APPEND_LOCK = 4_721_001;

export interface AuditInput {
  at: Date;
  actor: string;
  actorRole?: string | null;
  year?: number | null;
  assessmentId?: string | null;
  action: string;
  target?: string | null;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
  /** Makes the append idempotent: a second append with the same key is ignored. */
  dedupeKey?: string | null;
}

type Tx = Prisma.TransactionClient;

/** The entry's content as hashed: canonical JSON, so equal entries always give equal text. */
function contentOf(entry: AuditInput): string {
  return canonicalJson({
    at: entry.at.toISOString(),
    actor: entry.actor,
    actorRole: entry.actorRole ?? null,
    year: entry.year ?? null,
    assessmentId: entry.assessmentId ?? null,
    action: entry.action,
    target: entry.target ?? null,
    before: entry.before ?? null,
    after: entry.after ?? null,
    reason: entry.reason ?? null,
    dedupeKey: entry.dedupeKey ?? null,
  });
}

/** hash = SHA-256(previous hash, a line break, the content); appendAudit computes the same in SQL. */
function hashOf(prevHash: string, entry: AuditInput): string {
  return createHash('sha256').update(prevHash).update('\n').update(contentOf(entry)).digest('hex');
}

const jsonText = (value: unknown): string | null => (value === undefined || value === null ? null : JSON.stringify(value));

/**
 * Appends an entry inside the caller's transaction. Returns false where the dedupe key was seen.
 * Two statements while the log is locked — the lock, then one INSERT that reads the last hash and
 * chains the new one — so the lock, which every writer waits for, is held as briefly as possible.
 */
export async function appendAudit(tx: Tx, entry: AuditInput): Promise<boolean> {
  const end = auditAppendDuration.startTimer();
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_APPEND_LOCK})`;
  // Milliseconds only: the column keeps three digits, and the hash must match what is read back.
  const at = new Date(entry.at.getTime());
  const inserted = await tx.$executeRaw`
    INSERT INTO audit_log (at, actor, actor_role, year, assessment_id, action, target, before, after, reason, dedupe_key, prev_hash, hash)
    SELECT ${at}::timestamptz, ${entry.actor}, ${entry.actorRole ?? null}, ${entry.year ?? null}::int, ${entry.assessmentId ?? null}::uuid,
           ${entry.action}, ${entry.target ?? null}, ${jsonText(entry.before)}::jsonb, ${jsonText(entry.after)}::jsonb, ${entry.reason ?? null},
           ${entry.dedupeKey ?? null}, last.hash, encode(sha256(convert_to(last.hash || E'\n' || ${contentOf({ ...entry, at })}, 'UTF8')), 'hex')
      FROM (SELECT coalesce((SELECT hash::text FROM audit_log ORDER BY seq DESC LIMIT 1), ${GENESIS_HASH}) AS hash) last
    ON CONFLICT (dedupe_key) DO NOTHING`;
  end();
  auditAppends.inc({ outcome: inserted === 1 ? 'appended' : 'duplicate' });
  return inserted === 1;
}

export class DuplicateChangeError extends Error {
  override name = 'DuplicateChangeError';
}

/**
 * Applies a keyed change once, with its audit entry. The change writes its rows first and the entry
 * comes last, so every writer locks rows before the audit log and none deadlocks with another over
 * the two. Returns false where the key was already recorded; a concurrent twin that recorded it in
 * the meantime makes this one roll back (DuplicateChangeError), so the change never lands twice.
 */
export async function changeOnce(tx: Tx, entry: AuditInput & { dedupeKey: string }, apply: () => Promise<unknown>): Promise<boolean> {
  const seen = await tx.auditEntry.findUnique({ where: { dedupeKey: entry.dedupeKey }, select: { seq: true } });
  if (seen) return false;
  await apply();
  if (!(await appendAudit(tx, entry))) throw new DuplicateChangeError(`Thay đổi ${entry.dedupeKey} đã được ghi bởi một lần chạy khác.`);
  return true;
}

/** Appends in a transaction of its own. */
export async function recordAudit(db: Db, entry: AuditInput): Promise<boolean> {
  return db.$transaction((tx) => appendAudit(tx, entry));
}

export interface ChainVerdict {
  ok: boolean;
  entries: number;
  /** The first entry whose hash or link does not match, where the chain is broken. */
  brokenAt?: { seq: string; reason: 'hash' | 'link' };
}

/** Walks the whole chain in order and recomputes every hash. */
export async function verifyAuditChain(db: Db, batchSize = 5000): Promise<ChainVerdict> {
  let prevHash = GENESIS_HASH;
  let after = BigInt(0);
  let count = 0;
  for (;;) {
    const rows = await db.auditEntry.findMany({ where: { seq: { gt: after } }, orderBy: { seq: 'asc' }, take: batchSize });
    if (!rows.length) return { ok: true, entries: count };
    for (const row of rows) {
      if (row.prevHash !== prevHash) return { ok: false, entries: count, brokenAt: { seq: row.seq.toString(), reason: 'link' } };
      const expected = hashOf(prevHash, {
        at: row.at,
        actor: row.actor,
        actorRole: row.actorRole,
        year: row.year,
        assessmentId: row.assessmentId,
        action: row.action,
        target: row.target,
        before: row.before,
        after: row.after,
        reason: row.reason,
        dedupeKey: row.dedupeKey,
      });
      if (expected !== row.hash) return { ok: false, entries: count, brokenAt: { seq: row.seq.toString(), reason: 'hash' } };
      prevHash = row.hash;
      after = row.seq;
      count++;
    }
  }
}
