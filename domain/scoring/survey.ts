import { FULL_PERCENT, isHundredths, mulDivRoundHalfUp, type Hundredths } from '../decimal';
import { DomainError } from '../errors';
import { bandFor } from '../criteria/bands';
import type { SatisfactionLeaf } from '../criteria/types';

/**
 * Weight of each answer option of the sociological survey, in whole percent (0–100). An option that
 * is not listed — "E: không biết / không trả lời" by default — is not a valid answer and is not counted.
 * Configuration per year.
 */
export type SurveyWeights = Readonly<Record<string, number>>;

export const DEFAULT_SURVEY_WEIGHTS: SurveyWeights = Object.freeze({ A: 100, B: 60, C: 20, D: 0 });

/** How many respondents chose each option, about one unit, for the questions mapped to one leaf. */
export type SurveyTally = Readonly<Record<string, number>>;

/** Counts answers by option: ['A', 'B', 'A', 'E'] → { A: 2, B: 1, E: 1 }. */
export function tallyAnswers(answers: readonly string[]): Record<string, number> {
  const tally: Record<string, number> = {};
  for (const answer of answers) tally[answer] = (tally[answer] ?? 0) + 1;
  return tally;
}

/** Problems with a weights table, in Vietnamese; empty when usable. */
export function checkSurveyWeights(weights: SurveyWeights): string[] {
  const problems: string[] = [];
  const entries = Object.entries(weights);
  if (entries.length === 0) problems.push('Chưa khai báo trọng số cho phương án trả lời nào.');
  for (const [option, weight] of entries) {
    if (!Number.isInteger(weight) || weight < 0 || weight > 100) {
      problems.push(`Trọng số của phương án ${option} phải là số nguyên từ 0 đến 100 (%), nhận được ${String(weight)}.`);
    }
  }
  return problems;
}

/**
 * Survey points of a leaf = max × mean weight of the valid answers, rounded half-up to the hundredth
 * at the leaf: round(max × Σ(countᵢ × weightᵢ) ÷ (Σ countᵢ × 100)), exactly.
 * Returns null when there is no valid answer ("no data"; never NaN) — see ScoringConfig.noSurveyData
 * for how totals treat it. Throws DomainError on a negative or fractional count.
 */
export function surveyPoints(max: Hundredths, tally: SurveyTally, weights: SurveyWeights = DEFAULT_SURVEY_WEIGHTS): Hundredths | null {
  let valid = 0;
  let weighted = 0;
  for (const option in tally) {
    const count = tally[option];
    if (count === undefined || !Number.isSafeInteger(count) || count < 0) {
      throw new DomainError('INVALID_SURVEY_COUNT', `Số phiếu chọn phương án ${option} phải là số nguyên không âm, nhận được ${String(count)}.`);
    }
    const weight = weights[option];
    if (weight === undefined) continue;
    valid += count;
    weighted += count * weight;
  }
  if (valid === 0) return null;
  return mulDivRoundHalfUp(max, weighted, valid * 100);
}

/**
 * Satisfaction points of a leaf from the unit's satisfaction result (hundredths of a percent, 0–10000):
 * the band's points when the leaf has bands, otherwise max × result, rounded half-up at the leaf.
 * Throws DomainError on a result outside 0–100 %.
 */
export function satisfactionPoints(leaf: Pick<SatisfactionLeaf, 'max' | 'bands'>, result: Hundredths): Hundredths {
  if (!isHundredths(result) || result < 0 || result > FULL_PERCENT) {
    throw new DomainError('INVALID_SATISFACTION', `Kết quả khảo sát hài lòng phải từ 0,00% đến 100,00%, nhận được ${String(result)}.`);
  }
  if (leaf.bands !== undefined) return bandFor(leaf.bands, result)?.points ?? 0;
  return mulDivRoundHalfUp(leaf.max, result, FULL_PERCENT);
}
