import type { Hundredths } from '../decimal';
import { DomainError } from '../errors';
import { nodeLabel } from '../criteria/labels';
import type { LeafKind, LeafNode } from '../criteria/types';
import { DEFAULT_SCORING_CONFIG, type ScoringConfig } from './config';
import { evaluateEntry, type EntryOutcome, type ScoreEntry, type ScoreRefusal } from './entry';
import { satisfactionPoints, surveyPoints, type SurveyTally } from './survey';

/** Everything one unit has for one leaf. */
export interface LeafInput {
  /** The leaf does not apply to this unit: its points and its maximum are both left out. */
  readonly notApplicable?: boolean;
  /** The unit's self-assessment. */
  readonly self?: ScoreEntry;
  /** Appraisal, round 1. */
  readonly appraised?: ScoreEntry;
  /** Appraisal, round 2 (final). */
  readonly final?: ScoreEntry;
  /** Survey leaves: the valid and invalid answers about this unit, counted by option. */
  readonly survey?: SurveyTally;
  /** Satisfaction leaves: the unit's satisfaction result, hundredths of a percent (85,30% = 8530). */
  readonly satisfaction?: Hundredths;
  /** Shown in the score sheet's note column. */
  readonly note?: string;
}

/**
 * - scored: achieved points are known;
 * - notScored: self-scored, nothing entered (0 points against the maximum);
 * - notApplicable: left out (flag, whole field, or a formula's zero-denominator rule);
 * - noData: a survey/satisfaction leaf without valid answers (see ScoringConfig.noSurveyData).
 */
export type LeafStatus = 'scored' | 'notScored' | 'notApplicable' | 'noData';

export interface LeafScore {
  readonly code: string;
  readonly kind: LeafKind;
  readonly status: LeafStatus;
  /** The maximum this leaf counts with: its max, or 0 when left out. (A bonus/penalty item: its cap.) */
  readonly max: Hundredths;
  readonly self: Hundredths | null;
  readonly appraised: Hundredths | null;
  readonly final: Hundredths | null;
  /** Survey or satisfaction points. */
  readonly survey: Hundredths | null;
  /** final ?? appraised ?? self for self-scored leaves; the survey points otherwise. Null when left out. */
  readonly achieved: Hundredths | null;
  /** The ratio behind the achieved points (threshold, formula), hundredths of a percent. */
  readonly ratio: Hundredths | null;
  /** Entries that broke the leaf's rule (they count as nothing), or survey input that could not be used. */
  readonly issues: readonly ScoreRefusal[];
  /** The input's note, for the score sheet. */
  readonly note: string | null;
}

const NO_ISSUES: readonly ScoreRefusal[] = Object.freeze([]);

/**
 * A leaf's points for one unit. Achieved = round 2 if entered, else round 1, else the self-score;
 * an entry that breaks the rule is reported in `issues` and counts 0. Never above max, never below 0.
 */
export function scoreLeaf(leaf: LeafNode, input: LeafInput | undefined, config: ScoringConfig = DEFAULT_SCORING_CONFIG, notApplicable = false): LeafScore {
  if (notApplicable || input?.notApplicable === true) return leftOut(leaf, 'notApplicable', NO_ISSUES, input);
  if (leaf.scoredBy !== 'self') return scoreSurveyed(leaf, input, config);

  const stray: ScoreRefusal | undefined =
    input?.survey !== undefined || input?.satisfaction !== undefined
      ? { code: 'UNEXPECTED_VALUE', nodeCode: leaf.code, message: `${nodeLabel(leaf.code)}: tiêu chí do đơn vị tự chấm, không nhận kết quả điều tra, khảo sát.` }
      : undefined;
  const self = input?.self ? evaluateEntry(leaf, input.self) : undefined;
  const appraised = input?.appraised ? evaluateEntry(leaf, input.appraised) : undefined;
  const final = input?.final ? evaluateEntry(leaf, input.final) : undefined;
  const issues = refusals(stray, self, appraised, final);
  const decisive = final ?? appraised ?? self;
  if (decisive === undefined) {
    return { code: leaf.code, kind: leaf.kind, status: 'notScored', max: leaf.max, self: null, appraised: null, final: null, survey: null, achieved: 0, ratio: null, issues, note: input?.note ?? null };
  }
  if (decisive.ok && decisive.notApplicable) return leftOut(leaf, 'notApplicable', issues, input);
  return {
    code: leaf.code,
    kind: leaf.kind,
    status: 'scored',
    max: leaf.max,
    self: pointsOf(self),
    appraised: pointsOf(appraised),
    final: pointsOf(final),
    survey: null,
    achieved: decisive.ok ? decisive.points : 0,
    ratio: decisive.ok ? decisive.ratio : null,
    issues,
    note: input?.note ?? null,
  };
}

/** An entry's points: null when absent, refused or not applicable. */
function pointsOf(outcome: EntryOutcome | undefined): Hundredths | null {
  return outcome === undefined || !outcome.ok || outcome.notApplicable ? null : outcome.points;
}

/** The refusals among a leaf's entries (the shared empty list when none: this runs for every leaf). */
function refusals(stray: ScoreRefusal | undefined, a: EntryOutcome | undefined, b: EntryOutcome | undefined, c: EntryOutcome | undefined): readonly ScoreRefusal[] {
  if (stray === undefined && (a === undefined || a.ok) && (b === undefined || b.ok) && (c === undefined || c.ok)) return NO_ISSUES;
  const list: ScoreRefusal[] = stray ? [stray] : [];
  for (const outcome of [a, b, c]) if (outcome !== undefined && !outcome.ok) list.push(outcome.refusal);
  return list;
}

function scoreSurveyed(leaf: LeafNode, input: LeafInput | undefined, config: ScoringConfig): LeafScore {
  const issues: ScoreRefusal[] = [];
  if (input?.self !== undefined || input?.appraised !== undefined || input?.final !== undefined) {
    const source = leaf.scoredBy === 'survey' ? 'điều tra xã hội học' : 'khảo sát sự hài lòng';
    issues.push({ code: 'NOT_SELF_SCORED', nodeCode: leaf.code, message: `${nodeLabel(leaf.code)}: điểm lấy từ kết quả ${source}; điểm nhập tay không được tính.` });
  }
  let points: Hundredths | null = null;
  try {
    if (leaf.kind === 'survey' && input?.survey !== undefined) points = surveyPoints(leaf.max, input.survey, config.surveyWeights);
    if (leaf.kind === 'satisfaction' && input?.satisfaction !== undefined) points = satisfactionPoints(leaf, input.satisfaction);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    issues.push({ code: 'INVALID_NUMBER', nodeCode: leaf.code, message: `${nodeLabel(leaf.code)}: ${error.message}` });
  }
  const frozen = issues.length ? issues : NO_ISSUES;
  if (points === null) {
    return config.noSurveyData === 'zero'
      ? { code: leaf.code, kind: leaf.kind, status: 'noData', max: leaf.max, self: null, appraised: null, final: null, survey: null, achieved: 0, ratio: null, issues: frozen, note: input?.note ?? null }
      : leftOut(leaf, 'noData', frozen, input);
  }
  return { code: leaf.code, kind: leaf.kind, status: 'scored', max: leaf.max, self: null, appraised: null, final: null, survey: points, achieved: points, ratio: null, issues: frozen, note: input?.note ?? null };
}

function leftOut(leaf: LeafNode, status: 'notApplicable' | 'noData', issues: readonly ScoreRefusal[], input: LeafInput | undefined): LeafScore {
  return { code: leaf.code, kind: leaf.kind, status, max: 0, self: null, appraised: null, final: null, survey: null, achieved: null, ratio: null, issues, note: input?.note ?? null };
}
