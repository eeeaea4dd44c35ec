import { round1Points, standingPoints } from '../domain/results/appraisal';
import { changeOnce } from '../lib/audit';
import { leafStandingOf, type LeafRow } from '../services/results/read';
import type { ActivityDeps } from './deps';

/** The score a stored leaf stands at, as an appraisal entry's `before`/`after.score` records it. */
export function standingScore(row: LeafRow | null): number | null {
  return standingPoints(row && leafStandingOf(row));
}

export interface RecordAppraisalArgs {
  workflowId: string;
  /** Unique per appraisal action (the update's id), so a retry records it once. */
  step: string;
  assessmentId: string;
  round: 1;
  leafCode: string;
  action: 'accept' | 'adjust' | 'explain';
  /** Hundredths; null for `accept` (and `explain` without a provisional score): the unit's own score. */
  score: number | null;
  reason: string | null;
  actor: string;
  at: number;
}

/** Stores a council member's appraisal of one leaf, with the audit entry of what changed. */
export async function recordAppraisal({ db }: ActivityDeps, a: RecordAppraisalArgs): Promise<void> {
  await db.$transaction(async (tx) => {
    const where = { assessmentId_leafCode: { assessmentId: a.assessmentId, leafCode: a.leafCode } };
    const before = await tx.leafScore.findUnique({ where });
    const at = new Date(a.at);
    const data = {
      appraisalAction: a.action,
      appraisedScore: round1Points(a.score, before?.selfScore ?? null),
      appraisalReason: a.reason,
      appraisedBy: a.actor,
      appraisedAt: at,
    };
    const entry = {
      at,
      actor: a.actor,
      assessmentId: a.assessmentId,
      action: `appraisal.round${a.round}.${a.action}`,
      target: a.leafCode,
      // `score` is the leaf's standing score: the unit's own until round 1 appraises it, then round 1's.
      before: { action: before?.appraisalAction ?? null, score: standingScore(before), reason: before?.appraisalReason ?? null },
      after: { action: a.action, score: data.appraisedScore, reason: a.reason },
      reason: a.reason,
      dedupeKey: `${a.workflowId}/${a.step}`,
    };
    await changeOnce(tx, entry, () => tx.leafScore.upsert({ where, create: { assessmentId: a.assessmentId, leafCode: a.leafCode, ...data }, update: data }));
  });
}

export interface RecordFieldDoneArgs {
  workflowId: string;
  assessmentId: string;
  field: string;
  round: number;
  actor: string;
  at: number;
}

export async function recordFieldDone({ db }: ActivityDeps, a: RecordFieldDoneArgs): Promise<void> {
  await db.$transaction(async (tx) => {
    const at = new Date(a.at);
    const entry = {
      at,
      actor: a.actor,
      assessmentId: a.assessmentId,
      action: `appraisal.round${a.round}.field-done`,
      target: a.field,
      dedupeKey: `${a.workflowId}/field-done/${a.round}/${a.field}`,
    };
    const key = { assessmentId_fieldCode_round: { assessmentId: a.assessmentId, fieldCode: a.field, round: a.round } };
    const data = { status: 'done', appraisedBy: a.actor, doneAt: at };
    await changeOnce(tx, entry, () => tx.fieldAppraisal.upsert({ where: key, create: { assessmentId: a.assessmentId, fieldCode: a.field, round: a.round, ...data }, update: data }));
  });
}
