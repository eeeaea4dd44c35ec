/**
 * The domain of the Administrative Reform Index: pure, deterministic, no I/O and no clock, so
 * workflows, activities and the API share one copy of every rule. Spreadsheets are read and written
 * in adapters/xlsx/ (exceljs, which workflows must not bundle).
 */
export { DomainError } from './errors';
export {
  FULL_PERCENT,
  formatHundredths,
  formatPercent,
  formatPoints,
  fromHundredths,
  isHundredths,
  mulDivRoundHalfUp,
  percentOf,
  toHundredths,
  tryHundredths,
  type Hundredths,
} from './decimal';

export * from './criteria/types';
export { ADJUSTMENT_SECTION_LABELS, LEAF_KIND_LABELS, nodeLabel, SCORED_BY_LABELS, ZERO_DENOMINATOR_LABELS } from './criteria/labels';
export { bandFor, describeBand } from './criteria/bands';
export { criteriaSetToJson, parseCriteriaSet, parseCriteriaSetJson } from './criteria/parse';
export { formatLeafParams, parseLeafParams, type ParamsProblem } from './criteria/params-text';
export { MAX_DEPTH, validateCriteriaSet } from './criteria/validate';
export { copyCriteriaSetToYear, type CopyOptions } from './criteria/copy';

export { DEFAULT_SCORING_CONFIG, type NoSurveyDataRule, type ScoringConfig } from './scoring/config';
export { allowedPoints, evaluateEntry, type EntryOutcome, type ScoreEntry, type ScoreRefusal, type ScoreRefusalCode } from './scoring/entry';
export { scoreLeaf, type LeafInput, type LeafScore, type LeafStatus } from './scoring/leaf';
export {
  checkSurveyWeights,
  DEFAULT_SURVEY_WEIGHTS,
  satisfactionPoints,
  surveyPoints,
  tallyAnswers,
  type SurveyTally,
  type SurveyWeights,
} from './scoring/survey';
export { compileCriteriaSet, type CompiledGroup, type CompiledLeaf, type CompiledSet } from './scoring/compile';
export { scoreUnit, type NodeTotal, type UnitScore, type UnitScoreInput } from './scoring/totals';

export * from './results';

export { parseUnitRegistry, type Unit, type UnitGroup, type UnitRegistry } from './units';
