import type { Hundredths } from '../decimal';

/**
 * Thresholds of the consistency review (issue 15), set per year by Sở Nội vụ (`YearConfig.review`).
 * Points and indices are hundredths, ratios are fractions.
 */
export interface ReviewConfig {
  /** Flag leaves given full points (`full`) or any points (`any`) while the evidence they require is missing. */
  evidenceFinding: 'full' | 'any';
  /** How many units and how many unit × field pairs with the largest cuts are listed. */
  largestCuts: number;
  /**
   * An appraiser stands out when the robust z-score of their cut rate (or average cut) over the
   * members appraising comparable fields reaches this: z = (x − median) / (1.4826 × MAD).
   */
  appraiserZ: number;
  /** At least this many members before appraisers are compared. */
  appraiserMinMembers: number;
  /** A leaf "most units score low" when at least this share of the group scores at most `leafLowRatio` of its max. */
  leafMajority: number;
  leafLowRatio: number;
  /** …and a unit stands out on it at or above `leafHighRatio` (the reverse for leaves most units score high). */
  leafHighRatio: number;
  /** Groups smaller than this are not compared leaf by leaf. */
  leafMinUnits: number;
  /** A unit's index changing by more than this from the previous year (hundredths of a point). */
  yearIndexPoints: Hundredths;
  /** A field's sub-index changing by more than this from the previous year. */
  yearFieldPoints: Hundredths;
  /** Notes at least this long are compared; two are near-identical at this word-trigram similarity. */
  noteMinLength: number;
  noteSimilarity: number;
}

export const DEFAULT_REVIEW_CONFIG: ReviewConfig = {
  evidenceFinding: 'full',
  largestCuts: 5,
  appraiserZ: 2.5,
  appraiserMinMembers: 3,
  leafMajority: 0.75,
  leafLowRatio: 0.5,
  leafHighRatio: 1,
  leafMinUnits: 4,
  yearIndexPoints: 1500,
  yearFieldPoints: 2000,
  noteMinLength: 30,
  noteSimilarity: 0.9,
};

export function reviewConfigOf(config: { readonly review?: Partial<ReviewConfig> | undefined }): ReviewConfig {
  return { ...DEFAULT_REVIEW_CONFIG, ...config.review };
}
