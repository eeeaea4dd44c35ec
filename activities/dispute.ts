import { ApplicationFailure } from '@temporalio/activity';
import { decisionPoints } from '../domain/results/appraisal';
import { changeOnce } from '../lib/audit';
import { standingScore } from './appraisal';
import type { ActivityDeps } from './deps';

export interface RecordExplanationArgs {
  workflowId: string;
  /** The update's id: a retry records the explanation once. */
  step: string;
  assessmentId: string;
  disputeRound: number;
  leafCode: string;
  explanation: string;
  actor: string;
  at: number;
}

/** Stores the unit's explanation (or dispute) of a flagged leaf. */
export async function recordExplanation({ db }: ActivityDeps, a: RecordExplanationArgs): Promise<void> {
  await db.$transaction(async (tx) => {
    const where = { assessmentId_leafCode: { assessmentId: a.assessmentId, leafCode: a.leafCode } };
    const before = await tx.leafScore.findUnique({ where });
    if (!before) throw ApplicationFailure.nonRetryable(`Tiêu chí ${a.leafCode} chưa được thẩm định.`, 'INVALID_INPUT');
    const at = new Date(a.at);
    const entry = {
      at,
      actor: a.actor,
      assessmentId: a.assessmentId,
      action: 'dispute.explanation',
      target: a.leafCode,
      // An explanation changes no score: the one it argues against is recorded on both sides.
      before: { explanation: before.explanation, score: standingScore(before) },
      after: { explanation: a.explanation, disputeRound: a.disputeRound, score: standingScore(before) },
      dedupeKey: `${a.workflowId}/${a.step}`,
    };
    await changeOnce(tx, entry, () => tx.leafScore.update({ where, data: { explanation: a.explanation, explainedAt: at } }));
  });
}

export interface RecordDecisionArgs {
  workflowId: string;
  step: string;
  assessmentId: string;
  /** The appraisal round deciding (2 for the first dispute round). */
  round: number;
  leafCode: string;
  result: 'upheld' | 'rejected' | 'explain';
  /** Hundredths, only for an upheld dispute with an adjusted score. */
  score: number | null;
  reason: string | null;
  actor: string;
  at: number;
}

/**
 * Stores a council member's decision on a flagged leaf: upheld → the unit's own score (or the
 * adjusted one) becomes final; rejected → the round 1 score becomes final; explain → the leaf goes
 * back to the unit for one more dispute round with a new question.
 */
export async function recordDecision({ db }: ActivityDeps, a: RecordDecisionArgs): Promise<void> {
  await db.$transaction(async (tx) => {
    const where = { assessmentId_leafCode: { assessmentId: a.assessmentId, leafCode: a.leafCode } };
    const before = await tx.leafScore.findUnique({ where });
    if (!before) throw ApplicationFailure.nonRetryable(`Tiêu chí ${a.leafCode} chưa được thẩm định.`, 'INVALID_INPUT');
    const data =
      a.result === 'explain'
        ? { appraisalReason: a.reason, explanationResult: null, finalScore: null, finalReason: null }
        : {
            explanationResult: a.result,
            finalScore: decisionPoints(a.result, a.score, { selfPoints: before.selfScore, round1: before.appraisedScore }),
            finalReason: a.reason,
          };
    const entry = {
      at: new Date(a.at),
      actor: a.actor,
      assessmentId: a.assessmentId,
      action: `appraisal.round${a.round}.${a.result}`,
      target: a.leafCode,
      // Before: round 1's score (or a previous round's decision); after: the final one, or round 1's while the unit explains again.
      before: { score: standingScore(before), appraisedScore: before.appraisedScore, finalScore: before.finalScore, explanationResult: before.explanationResult },
      after: { score: a.result === 'explain' ? before.appraisedScore : data.finalScore, ...data },
      reason: a.reason,
      dedupeKey: `${a.workflowId}/${a.step}`,
    };
    await changeOnce(tx, entry, () => tx.leafScore.update({ where, data }));
  });
}
