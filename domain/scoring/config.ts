import { DEFAULT_SURVEY_WEIGHTS, type SurveyWeights } from './survey';

/**
 * How survey-scored leaves (sociological or satisfaction) without data count:
 * - 'exclude' (default): like a not-applicable leaf, left out of both points and maximum, and listed
 *   in UnitScore.noData so the secretariat sees it;
 * - 'zero': counted at 0 points against its maximum.
 */
export type NoSurveyDataRule = 'exclude' | 'zero';

/** The scoring rules that are configuration per year. */
export interface ScoringConfig {
  readonly surveyWeights: SurveyWeights;
  readonly noSurveyData: NoSurveyDataRule;
}

export const DEFAULT_SCORING_CONFIG: ScoringConfig = Object.freeze({
  surveyWeights: DEFAULT_SURVEY_WEIGHTS,
  noSurveyData: 'exclude',
});
