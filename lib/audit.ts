import { createHash } from 'node:crypto';
import type { Db } from './db/prisma';
import { Prisma } from './db/prisma';
import { canonicalJson } from './canonical-json';

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

function hashOf(prevHash: string, entry: AuditInput): string {
  const content = canonicalJson({
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
  return createHash('sha256').update(prevHash).update('\n').update(content).digest('hex');
}

function json(value: unknown): Prisma.InputJsonValue | typeof Prisma.DbNull {
  return value === undefined || value === null ? Prisma.DbNull : (value as Prisma.InputJsonValue);
}

/** Appends an entry inside the caller's transaction. Returns false where the dedupe key was seen. */
export async function appendAudit(tx: Tx, entry: AuditInput): Promise<boolean> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_APPEND_LOCK})`;
  if (entry.dedupeKey) {
    const seen = await tx.auditEntry.findUnique({ where: { dedupeKey: entry.dedupeKey }, select: { seq: true } });
    if (seen) return false;
  }
  const last = await tx.auditEntry.findFirst({ orderBy: { seq: 'desc' }, select: { hash: true } });
  const prevHash = last?.hash ?? GENESIS_HASH;
  // Milliseconds only: the column keeps three digits, and the hash must match what is read back.
  const at = new Date(entry.at.getTime());
  await tx.auditEntry.create({
    data: {
      at,
      actor: entry.actor,
      actorRole: entry.actorRole ?? null,
      year: entry.year ?? null,
      assessmentId: entry.assessmentId ?? null,
      action: entry.action,
      target: entry.target ?? null,
      before: json(entry.before),
      after: json(entry.after),
      reason: entry.reason ?? null,
      dedupeKey: entry.dedupeKey ?? null,
      prevHash,
      hash: hashOf(prevHash, { ...entry, at }),
    },
  });
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
