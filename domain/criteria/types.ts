import type { Hundredths } from '../decimal';

/**
 * A criteria set (bộ tiêu chí): one per year and unit group. A tree of field (lĩnh vực) → criterion
 * (tiêu chí) → sub-criterion (tiêu chí thành phần), with stable dotted codes ("1", "1.2", "1.2.3").
 * Every number is integer hundredths (points: 150 = 1.50 points; ratios: 9000 = 90.00 %).
 * The object is exactly its JSON form (docs/criteria-set-format.md); treat it as immutable.
 */
export interface CriteriaSet {
  readonly format: typeof CRITERIA_SET_FORMAT;
  readonly version: typeof CRITERIA_SET_VERSION;
  readonly year: number;
  /** The unit group it applies to, e.g. "SO_NGANH", "HUYEN". */
  readonly groupCode: string;
  readonly title: string;
  /** True for the shipped samples, which must be replaced by the province's official annex. */
  readonly sample: boolean;
  readonly note?: string;
  /** The declared scale: the sum of the fields' maxima, usually 10000 (100 points). */
  readonly scale: Hundredths;
  /** The fields, then any bonus/penalty sections (outside the scale). */
  readonly nodes: readonly CriteriaNode[];
}

export const CRITERIA_SET_FORMAT = 'par-criteria-set';
export const CRITERIA_SET_VERSION = 1;

export type CriteriaNode = GroupNode | LeafNode;

export type Adjustment = 'bonus' | 'penalty';

/** A field or a criterion with sub-criteria; or, with `adjustment`, a top-level bonus/penalty section. */
export interface GroupNode {
  readonly code: string;
  readonly title: string;
  /**
   * The sum of the children's maxima. For a bonus/penalty section: its cap, the most the section
   * can add or subtract in total.
   */
  readonly max: Hundredths;
  readonly adjustment?: Adjustment;
  readonly children: readonly CriteriaNode[];
}

export const LEAF_KINDS = ['tiered', 'threshold', 'binary', 'formula', 'survey', 'satisfaction', 'bonus', 'penalty'] as const;
export type LeafKind = (typeof LEAF_KINDS)[number];

export const SCORED_BY = ['self', 'survey', 'satisfaction'] as const;
/** Who produces a leaf's points: the unit (then the appraisal council), the sociological survey, the satisfaction survey. */
export type ScoredBy = (typeof SCORED_BY)[number];

interface LeafBase {
  readonly code: string;
  readonly title: string;
  /** The leaf's maximum; for a bonus/penalty item, its own cap. */
  readonly max: Hundredths;
  readonly scoredBy: ScoredBy;
  /** How it is scored (phương pháp chấm), shown to units and appraisers. */
  readonly method: string;
  /** The evidence the unit must upload (tài liệu kiểm chứng). */
  readonly evidence: string;
}

/** A fixed level, e.g. "Ban hành đúng thời hạn" → 100. */
export interface Level {
  readonly points: Hundredths;
  readonly label: string;
}

/**
 * A band over a ratio in hundredths of a percent: from ≤ ratio < to ("từ … đến dưới …");
 * `to: null` has no upper bound ("từ … trở lên"). "Trên 90%" is written from 9001 (90.01 %).
 */
export interface Band {
  readonly from: Hundredths;
  readonly to: Hundredths | null;
  readonly points: Hundredths;
}

/** Fixed levels: the score must be one of them. */
export interface TieredLeaf extends LeafBase {
  readonly kind: 'tiered';
  readonly levels: readonly Level[];
}

/** The unit reports a ratio (hundredths of a percent); the band it falls in gives the points. */
export interface ThresholdLeaf extends LeafBase {
  readonly kind: 'threshold';
  /** What the ratio is, as the unit is asked for it (e.g. "Tỷ lệ nhiệm vụ hoàn thành"). */
  readonly ratioLabel?: string;
  readonly bands: readonly Band[];
}

/** Achieved (đạt) = max, not achieved = 0. */
export interface BinaryLeaf extends LeafBase {
  readonly kind: 'binary';
}

export type ZeroDenominatorRule = 'max' | 'zero' | 'notApplicable';

/**
 * Points from two variables the unit enters (hundredths, same unit for both): ratio = numerator ÷
 * denominator. `proportional`: points = max × ratio (capped at max), rounded at the leaf. `bands`: the
 * ratio, rounded to a hundredth of a percent, is looked up in `bands`.
 */
export interface FormulaLeaf extends LeafBase {
  readonly kind: 'formula';
  /** Label of the numerator (e.g. "Số hồ sơ giải quyết đúng hạn"). */
  readonly numerator: string;
  /** Label of the denominator (e.g. "Tổng số hồ sơ đã giải quyết"). */
  readonly denominator: string;
  readonly mode: 'proportional' | 'bands';
  /** Present exactly when mode is "bands". */
  readonly bands?: readonly Band[];
  /** What a zero denominator (nothing arose in the year) gives: the maximum, zero, or not applicable. */
  readonly onZeroDenominator: ZeroDenominatorRule;
}

/** Points from the sociological survey: max × mean weight of the valid answers. */
export interface SurveyLeaf extends LeafBase {
  readonly kind: 'survey';
}

/**
 * Points from the satisfaction survey result (hundredths of a percent): proportional (max × result),
 * or by `bands` when given.
 */
export interface SatisfactionLeaf extends LeafBase {
  readonly kind: 'satisfaction';
  readonly bands?: readonly Band[];
}

/** A bonus item inside a bonus section; `max` is its cap. With `perOccurrence`, points = occurrences × it, capped. */
export interface BonusLeaf extends LeafBase {
  readonly kind: 'bonus';
  readonly perOccurrence?: Hundredths;
}

/** A penalty item inside a penalty section; `max` is its cap. Points are entered as positive numbers and subtracted. */
export interface PenaltyLeaf extends LeafBase {
  readonly kind: 'penalty';
  readonly perOccurrence?: Hundredths;
}

export type LeafNode =
  | TieredLeaf
  | ThresholdLeaf
  | BinaryLeaf
  | FormulaLeaf
  | SurveyLeaf
  | SatisfactionLeaf
  | BonusLeaf
  | PenaltyLeaf;

export function isLeaf(node: CriteriaNode): node is LeafNode {
  return 'kind' in node;
}

export function isGroup(node: CriteriaNode): node is GroupNode {
  return 'children' in node;
}

export type IssueCode =
  // structure of the JSON / sheet
  | 'INVALID_FILE'
  | 'INVALID_FORMAT'
  | 'UNSUPPORTED_VERSION'
  | 'MISSING_VALUE'
  | 'INVALID_VALUE'
  | 'UNKNOWN_PROPERTY'
  | 'INVALID_NUMBER'
  | 'UNKNOWN_KIND'
  // the tree
  | 'INVALID_CODE'
  | 'CODE_NOT_UNDER_PARENT'
  | 'MISSING_PARENT'
  | 'DUPLICATE_CODE'
  | 'TOO_DEEP'
  | 'EMPTY_GROUP'
  | 'FIELD_IS_LEAF'
  // points
  | 'MAX_NOT_POSITIVE'
  | 'MAX_SUM_MISMATCH'
  | 'SCALE_MISMATCH'
  | 'CAP_MISSING'
  | 'ADJUSTMENT_MISPLACED'
  | 'PER_OCCURRENCE_INVALID'
  // leaf rules
  | 'LEVEL_INVALID'
  | 'LEVEL_DUPLICATE'
  | 'LEVEL_MAX_MISSING'
  | 'BAND_INVALID'
  | 'BAND_OVERLAP'
  | 'BAND_GAP'
  | 'BAND_MAX_MISSING'
  | 'SURVEY_SELF_SCORED'
  | 'SCORED_BY_MISMATCH';

/**
 * One problem found in a criteria set. `message` is Vietnamese and names the offending code; `field`
 * names the property concerned (max, levels, bands, scoredBy, …); an Excel import adds sheet, row and
 * column and prefixes the message with them ("Dòng 12, cột D: …").
 */
export interface ValidationIssue {
  readonly code: IssueCode;
  readonly message: string;
  readonly nodeCode?: string;
  readonly field?: string;
  /** Where in the JSON, e.g. "nodes[0].children[1].max". */
  readonly path?: string;
  readonly sheet?: string;
  readonly row?: number;
  readonly column?: string;
}

export type ParseResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly issues: readonly ValidationIssue[] };
