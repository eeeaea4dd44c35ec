import type { Phase } from '../domain/phases';
import { changeOnce, recordAudit } from '../lib/audit';
import type { ActivityDeps } from './deps';

export interface RecordPhaseArgs {
  workflowId: string;
  assessmentId: string;
  year: number;
  unitCode: string;
  phase: Phase;
  phaseDeadline: number | null;
  /** Keys the step, e.g. "phase/DISPUTE/1", so a phase entered again in a later round is recorded again. */
  step: string;
  /** Field appraisals this phase opens: rows in `field_appraisals` the status board shows as pending. */
  openFields?: { round: number; fields: string[] };
  actor: string;
  at: number;
}

/** Moves the projection to the new phase and writes the audit entry, once per step. */
export async function recordPhase({ db }: ActivityDeps, a: RecordPhaseArgs): Promise<void> {
  await db.$transaction(async (tx) => {
    const before = await tx.assessment.findUniqueOrThrow({ where: { id: a.assessmentId }, select: { phase: true } });
    const entry = {
      at: new Date(a.at),
      actor: a.actor,
      year: a.year,
      assessmentId: a.assessmentId,
      action: 'phase.enter',
      target: a.unitCode,
      before: { phase: before.phase },
      after: { phase: a.phase, phaseDeadline: a.phaseDeadline ? new Date(a.phaseDeadline).toISOString() : null },
      dedupeKey: `${a.workflowId}/${a.step}`,
    };
    await changeOnce(tx, entry, async () => {
      await tx.assessment.update({
        where: { id: a.assessmentId },
        data: { phase: a.phase, phaseDeadline: a.phaseDeadline ? new Date(a.phaseDeadline) : null },
      });
      if (a.openFields?.fields.length) {
        const { round, fields } = a.openFields;
        await tx.fieldAppraisal.createMany({ data: fields.map((fieldCode) => ({ assessmentId: a.assessmentId, fieldCode, round, status: 'pending' })), skipDuplicates: true });
      }
    });
  });
}

export interface RecordYearStatusArgs {
  workflowId: string;
  year: number;
  status: string;
  actor: string;
  at: number;
}

export async function recordYearStatus({ db }: ActivityDeps, a: RecordYearStatusArgs): Promise<void> {
  await db.$transaction(async (tx) => {
    const before = await tx.year.findUniqueOrThrow({ where: { year: a.year }, select: { status: true } });
    const entry = {
      at: new Date(a.at),
      actor: a.actor,
      year: a.year,
      action: 'year.status',
      target: String(a.year),
      before: { status: before.status },
      after: { status: a.status },
      dedupeKey: `${a.workflowId}/status/${a.status}`,
    };
    await changeOnce(tx, entry, () => tx.year.update({ where: { year: a.year }, data: { status: a.status } }));
  });
}

export { recordAudit };
