import { addDays, DAY_MS, endOfDayVn, isIsoDate, vnDateOf, type IsoDate } from './calendar';
import { checkClassification, DEFAULT_CLASSIFICATION, type ClassificationBand } from './results/classify';
import { DEFAULT_SCORING_CONFIG, type ScoringConfig } from './scoring/config';
import { checkSurveyWeights } from './scoring/survey';
import type { ReviewConfig } from './review/config';

/**
 * A year's configuration: its deadlines (dates in Asia/Ho_Chi_Minh), reminder offsets, explanation
 * window and dispute rounds. Everything here is data that Sở Nội vụ sets per year, never code.
 */
export interface YearDeadlines {
  /** Self-assessment, evidence and data entry (directive: 31 March). */
  selfAssessment: IsoDate;
  /** The sociological survey closes (directive: 31 March). */
  surveyClose: IsoDate;
  /** Round 1 appraisal by the council members, per field. */
  appraisalRound1: IsoDate;
  /** Round 2 (final) appraisal after explanations. */
  appraisalRound2: IsoDate;
  /** Sở Nội vụ's report to the council chair (directive: 10 May). */
  reportToChair: IsoDate;
}

export interface YearConfig {
  deadlines: YearDeadlines;
  /** Days before each deadline at which those who have not acted are reminded. */
  reminderDaysBefore: number[];
  /** Days a unit has to explain or dispute flagged leaves after its round 1 results. */
  explanationWindowDays: number;
  /** How many explanation/dispute rounds a unit gets (then the round 2 result is final). */
  disputeRounds: number;
  /** Classification bands (xếp loại); the default is the national A/B and below. */
  classification?: ClassificationBand[];
  /** Survey answer weights and how survey leaves without answers count. */
  scoring?: Partial<ScoringConfig>;
  /** Thresholds of the consistency review before approval (domain/review/config.ts for the defaults). */
  review?: Partial<ReviewConfig>;
}

export function classificationOf(config: YearConfig): readonly ClassificationBand[] {
  return config.classification ?? DEFAULT_CLASSIFICATION;
}

export function scoringConfigOf(config: YearConfig): ScoringConfig {
  return { ...DEFAULT_SCORING_CONFIG, ...config.scoring };
}

/** The 2023 assessment as the directive sets it: 31/03/2024 for units, 10/05/2024 for the report. */
export function defaultYearConfig(year: number): YearConfig {
  const next = year + 1;
  return {
    deadlines: {
      selfAssessment: `${next}-03-31`,
      surveyClose: `${next}-03-31`,
      appraisalRound1: `${next}-04-15`,
      appraisalRound2: `${next}-04-30`,
      reportToChair: `${next}-05-10`,
    },
    reminderDaysBefore: [7, 1],
    explanationWindowDays: 5,
    disputeRounds: 1,
  };
}

/** Deadlines as instants (epoch ms at the end of each day in Vietnam). */
export type DeadlineInstants = Record<keyof YearDeadlines, number>;

export function deadlineInstants(deadlines: YearDeadlines): DeadlineInstants {
  return {
    selfAssessment: endOfDayVn(deadlines.selfAssessment),
    surveyClose: endOfDayVn(deadlines.surveyClose),
    appraisalRound1: endOfDayVn(deadlines.appraisalRound1),
    appraisalRound2: endOfDayVn(deadlines.appraisalRound2),
    reportToChair: endOfDayVn(deadlines.reportToChair),
  };
}

export interface ConfigIssue {
  field: string;
  message: string;
}

const ORDER: (keyof YearDeadlines)[] = ['selfAssessment', 'appraisalRound1', 'appraisalRound2', 'reportToChair'];

/** Checks dates exist and come in the order the cycle needs them. */
export function validateYearConfig(config: YearConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const [key, value] of Object.entries(config.deadlines)) {
    if (!isIsoDate(value)) issues.push({ field: `deadlines.${key}`, message: `Ngày "${String(value)}" không hợp lệ (cần dạng YYYY-MM-DD).` });
  }
  if (issues.length) return issues;
  const at = deadlineInstants(config.deadlines);
  for (let i = 1; i < ORDER.length; i++) {
    const before = ORDER[i - 1]!;
    const after = ORDER[i]!;
    if (at[after] <= at[before]) {
      issues.push({ field: `deadlines.${after}`, message: `Hạn "${after}" phải sau hạn "${before}".` });
    }
  }
  if (at.surveyClose > at.appraisalRound1) {
    issues.push({ field: 'deadlines.surveyClose', message: 'Điều tra xã hội học phải đóng trước hạn thẩm định vòng 1.' });
  }
  if (config.reminderDaysBefore.some((d) => !Number.isInteger(d) || d < 1 || d > 60)) {
    issues.push({ field: 'reminderDaysBefore', message: 'Số ngày nhắc trước hạn phải là số nguyên từ 1 đến 60.' });
  }
  if (!Number.isInteger(config.explanationWindowDays) || config.explanationWindowDays < 1 || config.explanationWindowDays > 30) {
    issues.push({ field: 'explanationWindowDays', message: 'Thời hạn giải trình phải từ 1 đến 30 ngày.' });
  }
  if (!Number.isInteger(config.disputeRounds) || config.disputeRounds < 0 || config.disputeRounds > 3) {
    issues.push({ field: 'disputeRounds', message: 'Số vòng giải trình phải từ 0 đến 3.' });
  }
  if (config.classification) {
    for (const message of checkClassification(config.classification)) issues.push({ field: 'classification', message });
  }
  if (config.scoring?.surveyWeights) {
    for (const message of checkSurveyWeights(config.scoring.surveyWeights)) issues.push({ field: 'scoring.surveyWeights', message });
  }
  return issues;
}

/**
 * When a unit's explanation window opened at `openedAt` closes: at the end of the day (Vietnam)
 * `explanationWindowDays` later, and no later than the final appraisal deadline while that is still
 * ahead (a window opened after it gets its full length).
 */
export function explanationDeadline(openedAt: number, config: YearConfig, finalAppraisalDeadline: number): number {
  const full = endOfDayVn(vnDateOf(addDays(openedAt, config.explanationWindowDays)));
  return finalAppraisalDeadline > openedAt ? Math.min(full, finalAppraisalDeadline) : full;
}

/**
 * The final appraisal deadline of a dispute round whose explanation window closed at `windowClosedAt`:
 * the year's round 2 deadline, or, where a further round leaves less time than that, the end of the
 * day `explanationWindowDays` after the window closed.
 */
export function finalAppraisalDeadline(windowClosedAt: number, config: YearConfig, round2Deadline: number): number {
  return Math.max(round2Deadline, endOfDayVn(vnDateOf(addDays(windowClosedAt, config.explanationWindowDays))));
}

export interface Reminder {
  daysBefore: number;
  /** Epoch ms at which it is due. */
  at: number;
}

/**
 * The reminders due before `deadline` that are still ahead at `now`, earliest first: one per
 * configured offset. A reminder whose moment has already passed when the deadline is set (a late
 * start, a short window) is skipped rather than sent late.
 */
export function remindersBefore(deadline: number, reminderDaysBefore: readonly number[], now: number): Reminder[] {
  return [...new Set(reminderDaysBefore)]
    .map((daysBefore) => ({ daysBefore, at: deadline - daysBefore * DAY_MS }))
    .filter((r) => r.at > now)
    .sort((a, b) => a.at - b.at);
}
