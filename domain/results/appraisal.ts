import type { Hundredths } from '../decimal';

/**
 * Which score a leaf stands at through the appraisal: the one home of "accepting keeps the unit's
 * score", "a rejected explanation keeps round 1" and "an upheld one gives the unit's score back".
 */

/** Round 1: accept (the unit's score stands), adjust (a new score), explain (ask the unit to explain). */
export type AppraisalAction = 'accept' | 'adjust' | 'explain';

/** Round 2 and later: upheld (the unit was right), rejected (round 1 stands), explain (ask again). */
export type ExplanationDecision = 'upheld' | 'rejected' | 'explain';

/** The decided results kept on a leaf (a further `explain` clears the decision). */
export type ExplanationResult = 'upheld' | 'rejected';

export const APPRAISAL_ACTIONS: readonly AppraisalAction[] = ['accept', 'adjust', 'explain'];
export const EXPLANATION_RESULTS: readonly ExplanationResult[] = ['upheld', 'rejected'];

export function isAppraisalAction(value: unknown): value is AppraisalAction {
  return typeof value === 'string' && (APPRAISAL_ACTIONS as readonly string[]).includes(value);
}

export function isExplanationResult(value: unknown): value is ExplanationResult {
  return typeof value === 'string' && (EXPLANATION_RESULTS as readonly string[]).includes(value);
}

/**
 * Round 1's score: the appraiser's when given (adjust, or explain with a provisional score); otherwise
 * (accept, explain without one) the unit's own, 0 when it never scored.
 */
export function round1Points(score: Hundredths | null, selfPoints: Hundredths | null): Hundredths {
  return score ?? selfPoints ?? 0;
}

/**
 * The final score a decision on an explained leaf gives: rejected keeps round 1; upheld gives the
 * adjusted score when one is given, else the unit's own (0 when it never scored). Null for `explain`:
 * the leaf goes back to the unit and round 1 stands meanwhile.
 */
export function decisionPoints(
  decision: ExplanationDecision,
  score: Hundredths | null,
  leaf: { readonly selfPoints: Hundredths | null; readonly round1: Hundredths | null },
): Hundredths | null {
  if (decision === 'explain') return null;
  if (decision === 'rejected') return leaf.round1;
  return score ?? leaf.selfPoints ?? 0;
}

/** A leaf's stored stages, as the standing score reads them. */
export interface LeafStanding {
  readonly selfPoints: Hundredths | null;
  readonly appraisalAction: string | null;
  readonly round1: Hundredths | null;
  readonly explanationResult: string | null;
  readonly round2: Hundredths | null;
}

/**
 * The score a leaf stands at now: the final (round 2 …) score once decided, else round 1's once
 * appraised, else the unit's own (null when it never scored).
 */
export function standingPoints(leaf: LeafStanding | null): Hundredths | null {
  if (!leaf) return null;
  if (leaf.round2 !== null && leaf.explanationResult) return leaf.round2;
  if (leaf.appraisalAction) return leaf.round1;
  return leaf.selfPoints;
}
