import type { Phase } from '../domain/phases';
import { recordAudit, appendAudit } from '../lib/audit';
import type { ActivityDeps } from './deps';

export interface RecordPhaseArgs {
  workflowId: string;
  assessmentId: string;
  year: number;
  unitCode: string;
  phase: Phase;
  phaseDeadline: number | null;
  actor: string;
  at: number;
}

/** Moves the projection to the new phase and writes the audit entry, once per phase. */
export async function recordPhase({ db }: ActivityDeps, a: RecordPhaseArgs): Promise<void> {
  await db.$transaction(async (tx) => {
    const before = await tx.assessment.findUniqueOrThrow({ where: { id: a.assessmentId }, select: { phase: true } });
    const fresh = await appendAudit(tx, {
      at: new Date(a.at),
      actor: a.actor,
      year: a.year,
      assessmentId: a.assessmentId,
      action: 'phase.enter',
      target: a.unitCode,
      before: { phase: before.phase },
      after: { phase: a.phase, phaseDeadline: a.phaseDeadline ? new Date(a.phaseDeadline).toISOString() : null },
      dedupeKey: `${a.workflowId}/phase/${a.phase}`,
    });
    if (fresh) {
      await tx.assessment.update({
        where: { id: a.assessmentId },
        data: { phase: a.phase, phaseDeadline: a.phaseDeadline ? new Date(a.phaseDeadline) : null },
      });
    }
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
    const fresh = await appendAudit(tx, {
      at: new Date(a.at),
      actor: a.actor,
      year: a.year,
      action: 'year.status',
      target: String(a.year),
      before: { status: before.status },
      after: { status: a.status },
      dedupeKey: `${a.workflowId}/status/${a.status}`,
    });
    if (fresh) await tx.year.update({ where: { year: a.year }, data: { status: a.status } });
  });
}

export { recordAudit };
