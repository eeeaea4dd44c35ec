import { percentOf, type Hundredths } from '../decimal';
import type { Adjustment, CriteriaSet } from '../criteria/types';
import { compileCriteriaSet } from './compile';
import { DEFAULT_SCORING_CONFIG, type ScoringConfig } from './config';
import type { ScoreRefusal } from './entry';
import { scoreLeaf, type LeafInput, type LeafScore } from './leaf';

/** One unit's inputs for one year's set. */
export interface UnitScoreInput {
  readonly unitCode?: string;
  /** Inputs by leaf code. A leaf without input is not scored (0 points against its maximum). */
  readonly leaves: Readonly<Record<string, LeafInput>>;
  /** Codes of whole fields or criteria that do not apply to this unit. */
  readonly notApplicable?: readonly string[];
}

/** Subtotals of a group node (field, criterion, bonus/penalty section) for one unit. */
export interface NodeTotal {
  readonly code: string;
  readonly depth: number;
  readonly adjustment?: Adjustment;
  /** Achieved points over the applicable leaves below; for a bonus/penalty section, capped at its cap. */
  readonly points: Hundredths;
  /** The applicable maximum below; for a bonus/penalty section, its cap. */
  readonly max: Hundredths;
  /** points ÷ max × 100 in hundredths of a percent, rounded once; null when max is 0 and for sections. */
  readonly index: Hundredths | null;
  /** Sums of the columns over the leaves below that have a value (null when none has). */
  readonly self: Hundredths | null;
  /** Sum of each leaf's appraisal (round 2 if entered, else round 1). */
  readonly appraised: Hundredths | null;
  readonly survey: Hundredths | null;
  /** Every leaf below is left out (not applicable). */
  readonly notApplicable: boolean;
}

export interface UnitScore {
  readonly unitCode?: string;
  readonly year: number;
  readonly groupCode: string;
  /** The unit's points: base + bonus − penalty, kept within [0, max]. */
  readonly points: Hundredths;
  /** Achieved points over the applicable leaves of the fields. */
  readonly basePoints: Hundredths;
  /** Bonus added, each section within its cap. */
  readonly bonus: Hundredths;
  /** Penalty subtracted, each section within its cap. */
  readonly penalty: Hundredths;
  /** Sum of the maxima of the applicable leaves (bonus/penalty excluded). */
  readonly max: Hundredths;
  /** points ÷ max × 100 in hundredths of a percent, rounded half-up once; null when nothing applies. */
  readonly index: Hundredths | null;
  /** The fields' subtotals and sub-indices, in order. */
  readonly fields: readonly NodeTotal[];
  /** Every group's subtotals, in tree order (fields, criteria, sections). */
  readonly groups: readonly NodeTotal[];
  /** Every leaf's score, in tree order. */
  readonly leaves: readonly LeafScore[];
  /** Survey-scored leaves without valid answers. */
  readonly noData: readonly string[];
  /** Every entry that broke a rule, survey data that could not be used, and input for unknown codes. */
  readonly issues: readonly ScoreRefusal[];
}

/**
 * Scores one unit: every leaf, every group's subtotal, the fields' sub-indices, the index. Pure and
 * exact (integer hundredths); the index is rounded half-up once from the exact totals. Not-applicable
 * leaves and fields leave both their points and their maximum out; bonus and penalty sections are
 * capped and applied after the fields; the result stays within [0, max].
 */
export function scoreUnit(set: CriteriaSet, input: UnitScoreInput, config: Partial<ScoringConfig> = DEFAULT_SCORING_CONFIG): UnitScore {
  const compiled = compileCriteriaSet(set);
  const cfg: ScoringConfig = config === DEFAULT_SCORING_CONFIG ? DEFAULT_SCORING_CONFIG : { ...DEFAULT_SCORING_CONFIG, ...config };
  const issues: ScoreRefusal[] = [];
  for (const code of Object.keys(input.leaves)) {
    if (!compiled.leafCodes.has(code)) {
      issues.push({ code: 'UNKNOWN_NODE', nodeCode: code, message: `Mã ${code} không phải tiêu chí chấm điểm của bộ tiêu chí năm ${set.year}; dữ liệu này không được tính.` });
    }
  }
  const flagged = input.notApplicable && input.notApplicable.length > 0 ? new Set(input.notApplicable) : undefined;
  if (flagged) {
    for (const code of flagged) {
      if (!compiled.nodeCodes.has(code)) {
        issues.push({ code: 'UNKNOWN_NODE', nodeCode: code, message: `Mã ${code} không có trong bộ tiêu chí năm ${set.year}; không thể đánh dấu không áp dụng.` });
      }
    }
  }

  const g = compiled.groups.length;
  const points = new Array<number>(g).fill(0);
  const max = new Array<number>(g).fill(0);
  const self = new Array<number | null>(g).fill(null);
  const appraised = new Array<number | null>(g).fill(null);
  const survey = new Array<number | null>(g).fill(null);
  const applicable = new Array<boolean>(g).fill(false);
  const leaves: LeafScore[] = new Array<LeafScore>(compiled.leaves.length);
  const noData: string[] = [];

  for (let i = 0; i < compiled.leaves.length; i++) {
    const leaf = compiled.leaves[i]!;
    let forced = false;
    if (flagged !== undefined) for (const code of leaf.path) forced ||= flagged.has(code);
    const score = scoreLeaf(leaf.node, input.leaves[leaf.node.code], cfg, forced);
    leaves[i] = score;
    if (score.issues.length > 0) issues.push(...score.issues);
    if (score.status === 'noData') noData.push(score.code);
    const counted = score.status !== 'notApplicable';
    const appraisal = score.final ?? score.appraised;
    for (const gi of leaf.groupIndexes) {
      points[gi]! += score.achieved ?? 0;
      max[gi]! += score.max;
      if (score.self !== null) self[gi] = (self[gi] ?? 0) + score.self;
      if (appraisal !== null) appraised[gi] = (appraised[gi] ?? 0) + appraisal;
      if (score.survey !== null) survey[gi] = (survey[gi] ?? 0) + score.survey;
      if (counted) applicable[gi] = true;
    }
  }

  let basePoints = 0;
  let totalMax = 0;
  let bonus = 0;
  let penalty = 0;
  const groups: NodeTotal[] = new Array<NodeTotal>(g);
  const fields: NodeTotal[] = [];
  for (let gi = 0; gi < g; gi++) {
    const group = compiled.groups[gi]!;
    const section = group.adjustment;
    const p = section ? Math.min(points[gi]!, group.node.max) : points[gi]!;
    const m = section ? group.node.max : max[gi]!;
    const total: NodeTotal = {
      code: group.node.code,
      depth: group.depth,
      points: p,
      max: m,
      index: section || m === 0 ? null : percentOf(p, m),
      self: self[gi]!,
      appraised: appraised[gi]!,
      survey: survey[gi]!,
      notApplicable: !applicable[gi],
    };
    if (section) (total as { adjustment?: Adjustment }).adjustment = section;
    groups[gi] = total;
    if (group.isField) {
      fields.push(total);
      basePoints += p;
      totalMax += m;
    } else if (section === 'bonus') {
      bonus += p;
    } else if (section === 'penalty') {
      penalty += p;
    }
  }
  const unitPoints = Math.max(0, Math.min(totalMax, basePoints + bonus - penalty));
  return {
    ...(input.unitCode !== undefined ? { unitCode: input.unitCode } : {}),
    year: set.year,
    groupCode: set.groupCode,
    points: unitPoints,
    basePoints,
    bonus,
    penalty,
    max: totalMax,
    index: totalMax > 0 ? percentOf(unitPoints, totalMax) : null,
    fields,
    groups,
    leaves,
    noData,
    issues,
  };
}
