import type { PhaseDeadlineKind } from '../domain/phases';
import { appendAudit, changeOnce } from '../lib/audit';
import type { ActivityDeps } from './deps';

export interface RecordExclusionArgs {
  workflowId: string;
  assessmentId: string;
  year: number;
  reason: string;
  actor: string;
  at: number;
}

/** Marks the unit excluded for dishonesty: its scores stay, the ranking leaves it out. */
export async function recordExclusion({ db }: ActivityDeps, a: RecordExclusionArgs): Promise<void> {
  await db.$transaction(async (tx) => {
    const entry = {
      at: new Date(a.at),
      actor: a.actor,
      year: a.year,
      assessmentId: a.assessmentId,
      action: 'assessment.excluded',
      after: { excluded: true },
      reason: a.reason,
      dedupeKey: `${a.workflowId}/excluded`,
    };
    await changeOnce(tx, entry, () => tx.assessment.update({ where: { id: a.assessmentId }, data: { excluded: true, exclusionReason: a.reason, excludedBy: a.actor } }));
  });
}

export interface RecordExtensionArgs {
  workflowId: string;
  /** The update's id. */
  step: string;
  assessmentId: string;
  year: number;
  kind: PhaseDeadlineKind;
  previous: number;
  deadline: number;
  reason: string;
  actor: string;
  at: number;
}

/** Moves one unit's current deadline, with the reason on record. */
export async function recordDeadlineExtension({ db }: ActivityDeps, a: RecordExtensionArgs): Promise<void> {
  await db.$transaction(async (tx) => {
    const entry = {
      at: new Date(a.at),
      actor: a.actor,
      year: a.year,
      assessmentId: a.assessmentId,
      action: 'deadline.extended',
      target: a.kind,
      before: { deadline: new Date(a.previous).toISOString() },
      after: { deadline: new Date(a.deadline).toISOString() },
      reason: a.reason,
      dedupeKey: `${a.workflowId}/${a.step}`,
    };
    const deadline = new Date(a.deadline);
    await changeOnce(tx, entry, () =>
      tx.assessment.update({
        where: { id: a.assessmentId },
        data: { phaseDeadline: deadline, ...(a.kind === 'selfAssessment' ? { selfDeadline: deadline } : {}) },
      }),
    );
  });
}

export interface RecordMissedDeadlineArgs {
  workflowId: string;
  step: string;
  year: number;
  assessmentId?: string;
  kind: PhaseDeadlineKind | 'reportToChair';
  deadline: number;
  /** What was left undone: fields, leaves or units. */
  pending: string[];
  at: number;
}

/** Records on the audit trail that a deadline passed with work undone (the escalation goes by mail). */
export async function recordMissedDeadline({ db }: ActivityDeps, a: RecordMissedDeadlineArgs): Promise<void> {
  await db.$transaction(async (tx) => {
    await appendAudit(tx, {
      at: new Date(a.at),
      actor: 'system',
      year: a.year,
      assessmentId: a.assessmentId ?? null,
      action: 'deadline.missed',
      target: a.kind,
      after: { deadline: new Date(a.deadline).toISOString(), pending: a.pending },
      dedupeKey: `${a.workflowId}/${a.step}`,
    });
  });
}
