import { appendAudit } from '../lib/audit';
import type { ActivityDeps } from './deps';

export interface LockArgs {
  workflowId: string;
  assessmentId: string;
  actor: string;
  late: boolean;
  at: number;
}

/**
 * Locks the unit's self-assessment as it stands: from here the API refuses draft edits. Running it
 * again finds the lock in place and returns the same answer.
 */
export async function lockSelfAssessment({ db }: ActivityDeps, a: LockArgs): Promise<{ notApplicable: string[] }> {
  return db.$transaction(async (tx) => {
    const assessment = await tx.assessment.findUniqueOrThrow({ where: { id: a.assessmentId } });
    if (!assessment.lockedAt) {
      const at = new Date(a.at);
      await tx.assessment.update({
        where: { id: a.assessmentId },
        data: { lockedAt: at, submittedAt: at, submittedBy: a.actor, late: a.late },
      });
      await appendAudit(tx, {
        at,
        actor: a.actor,
        year: assessment.year,
        assessmentId: a.assessmentId,
        action: a.late ? 'self.locked-late' : 'self.submitted',
        after: { submittedAt: at.toISOString(), late: a.late },
        dedupeKey: `${a.workflowId}/lock`,
      });
    }
    const na = await tx.leafScore.findMany({
      where: { assessmentId: a.assessmentId, notApplicable: true },
      select: { leafCode: true },
      orderBy: { leafCode: 'asc' },
    });
    return { notApplicable: na.map((r) => r.leafCode) };
  });
}
