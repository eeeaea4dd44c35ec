/**
 * The phases of one unit's yearly assessment and the moves between them. The workflow, the API and
 * the status board all read this one table, so a phase means the same thing everywhere.
 */

export const PHASES = [
  'SELF_ASSESSMENT',
  'SURVEY',
  'APPRAISAL',
  'DISPUTE',
  'FINAL_APPRAISAL',
  'RANKING',
  'PUBLISHED',
  'EXCLUDED',
] as const;

export type Phase = (typeof PHASES)[number];

export const PHASE_LABELS: Record<Phase, string> = {
  SELF_ASSESSMENT: 'Tự đánh giá, chấm điểm',
  SURVEY: 'Điều tra xã hội học',
  APPRAISAL: 'Thẩm định vòng 1',
  DISPUTE: 'Giải trình, kiến nghị',
  FINAL_APPRAISAL: 'Thẩm định vòng 2 (chính thức)',
  RANKING: 'Hội đồng xem xét, xếp hạng',
  PUBLISHED: 'Đã công bố',
  EXCLUDED: 'Không đánh giá, xếp hạng (thiếu trung thực)',
};

const NEXT: Record<Phase, readonly Phase[]> = {
  SELF_ASSESSMENT: ['SURVEY'],
  SURVEY: ['APPRAISAL', 'EXCLUDED'],
  // A round without any leaf flagged for explanation goes straight to the council.
  APPRAISAL: ['DISPUTE', 'RANKING', 'EXCLUDED'],
  DISPUTE: ['FINAL_APPRAISAL', 'EXCLUDED'],
  // Where the year allows more than one dispute round, a leaf may be sent back for a further explanation.
  FINAL_APPRAISAL: ['DISPUTE', 'RANKING', 'EXCLUDED'],
  RANKING: ['PUBLISHED', 'EXCLUDED'],
  PUBLISHED: [],
  EXCLUDED: [],
};

export function isPhase(value: unknown): value is Phase {
  return typeof value === 'string' && (PHASES as readonly string[]).includes(value);
}

export function canMove(from: Phase, to: Phase): boolean {
  return NEXT[from].includes(to);
}

/** The unit's own scores and evidence can change: in self-assessment and not yet submitted or locked at the deadline. */
export function isSelfScoringOpen(phase: string, locked = false): boolean {
  return phase === 'SELF_ASSESSMENT' && !locked;
}

/** Exclusion for dishonesty applies to anything submitted and not yet published. */
export function canExclude(phase: Phase): boolean {
  return canMove(phase, 'EXCLUDED');
}

export function isFinal(phase: Phase): boolean {
  return NEXT[phase].length === 0;
}

/** The deadline each phase runs against (Sở Nội vụ may extend it for one unit); null where none. */
export type PhaseDeadlineKind = 'selfAssessment' | 'appraisalRound1' | 'explanation' | 'finalAppraisal';

export const PHASE_DEADLINE_KIND: Record<Phase, PhaseDeadlineKind | null> = {
  SELF_ASSESSMENT: 'selfAssessment',
  // The survey closes for every unit at once; the cycle owns that date.
  SURVEY: null,
  APPRAISAL: 'appraisalRound1',
  DISPUTE: 'explanation',
  FINAL_APPRAISAL: 'finalAppraisal',
  // The report to the chair is the year's, not one unit's.
  RANKING: null,
  PUBLISHED: null,
  EXCLUDED: null,
};

export function isExtendable(phase: Phase): boolean {
  return PHASE_DEADLINE_KIND[phase] !== null;
}
