import type { SurveyWeights } from '../scoring/survey';
import { scoringConfigOf, type YearConfig } from '../year-config';

/**
 * The answer options of the sociological survey. Every questionnaire offers A–E; the year's weights
 * (year config `scoring.surveyWeights`, by default A 100%, B 60%, C 20%, D 0%) say what each counts
 * for, and an option without a weight — E, "không biết" — is kept but not counted.
 */
export const ANSWER_OPTIONS = ['A', 'B', 'C', 'D', 'E'] as const;
export type AnswerOption = (typeof ANSWER_OPTIONS)[number];

export const DEFAULT_OPTION_LABELS: Readonly<Record<AnswerOption, string>> = Object.freeze({
  A: 'Rất tốt',
  B: 'Tốt',
  C: 'Bình thường',
  D: 'Kém',
  E: 'Không biết, không trả lời',
});

export function isAnswerOption(value: unknown): value is AnswerOption {
  return typeof value === 'string' && (ANSWER_OPTIONS as readonly string[]).includes(value);
}

/** "a", " B " → "A", "B"; anything else → null. */
export function parseAnswerOption(text: string): AnswerOption | null {
  const upper = text.trim().toUpperCase();
  return isAnswerOption(upper) ? upper : null;
}

export function weightsOf(config: YearConfig): SurveyWeights {
  return scoringConfigOf(config).surveyWeights;
}

/** The labels a questionnaire shows: its own where it has them, the standard ones otherwise. */
export function optionLabelsOf(custom: unknown): Record<AnswerOption, string> {
  const labels: Record<AnswerOption, string> = { ...DEFAULT_OPTION_LABELS };
  if (custom && typeof custom === 'object') {
    for (const option of ANSWER_OPTIONS) {
      const label = (custom as Record<string, unknown>)[option];
      if (typeof label === 'string' && label.trim() !== '') labels[option] = label.trim();
    }
  }
  return labels;
}

/** Each option with its label, weight and whether it is counted, for forms and reports. */
export function describeOptions(config: YearConfig, custom?: unknown): { option: AnswerOption; label: string; weight: number | null; counted: boolean }[] {
  const weights = weightsOf(config);
  const labels = optionLabelsOf(custom);
  return ANSWER_OPTIONS.map((option) => {
    const weight = weights[option];
    return { option, label: labels[option], weight: weight ?? null, counted: weight !== undefined };
  });
}
