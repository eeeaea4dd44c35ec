import type { Phase } from '../domain/phases';
import type { YearConfig } from '../domain/year-config';

/** What a unit workflow needs to know of one leaf to validate actions without reading the database. */
export interface LeafRef {
  code: string;
  /** The top-level field (lĩnh vực) code the leaf belongs to, e.g. "3". */
  field: string;
  /** Maximum points in hundredths. */
  max: number;
  /** Scored by the unit and appraised by the council (not survey- or satisfaction-scored). */
  appraisable: boolean;
}

export interface UnitAssessmentInput {
  year: number;
  unitCode: string;
  unitGroup: string;
  assessmentId: string;
  cycleWorkflowId: string;
  config: YearConfig;
  leaves: LeafRef[];
}

export type FieldStatus = 'pending' | 'done';

/** A council member's decision on a flagged leaf after the unit's explanation. */
export type DisputeResult = 'upheld' | 'rejected' | 'explain';

/** The unit's own deadlines as epoch ms; Sở Nội vụ may extend the one of the current phase. */
export interface UnitDeadlines {
  selfAssessment: number;
  surveyClose: number;
  appraisalRound1: number;
  /** The current dispute round's explanation window; null before the first one opens. */
  explanation: number | null;
  /** The current final appraisal round's deadline (the year's round 2 deadline unless extended). */
  finalAppraisal: number;
  reportToChair: number;
}

export interface Exclusion {
  reason: string;
  by: string;
  at: number;
}

export interface UnitState {
  phase: Phase;
  /** Epoch ms of the deadline of the current phase, where it has one. */
  phaseDeadline: number | null;
  deadlines: UnitDeadlines;
  submittedAt: number | null;
  submittedBy: string | null;
  /** Locked at the deadline without a submit. */
  late: boolean;
  surveyClosed: boolean;
  /** Leaves the unit marked not applicable (known once it submits). */
  notApplicable: string[];
  /** The appraisal round in progress or last held: 1, then 2, 3… for each final appraisal after a dispute round. */
  round: number;
  /** Dispute rounds opened so far (0 until the first explanation window). */
  disputeRound: number;
  /** Progress per round ("1", "2", …) and field. */
  fields: Record<string, Record<string, FieldStatus>>;
  /** Leaves appraised in round 1. */
  appraised: string[];
  /** Leaves on which the unit is asked to explain in the current (or next) dispute round. */
  flagged: string[];
  /** Flagged leaves the unit has explained in the current dispute round. */
  explained: string[];
  /** Decisions of the current final appraisal round, by leaf. */
  decisions: Record<string, DisputeResult>;
  /** Deadlines that passed with work undone and were escalated, e.g. "appraisalRound1". */
  escalated: string[];
  /** Deadline extensions granted to this unit. */
  extensions: number;
  excluded: Exclusion | null;
  /** The chair approved the year and ranking began: no more exclusions. */
  rankingStarted: boolean;
  rank: number | null;
  classification: string | null;
}

/** Per-field progress as the `progress` query reports it. */
export interface FieldProgress {
  round: number;
  field: string;
  status: FieldStatus;
  /** Leaves of the field still to be appraised (round 1) or decided (final rounds). */
  remaining: string[];
}

export interface CycleUnit {
  unitCode: string;
  unitGroup: string;
  assessmentId: string;
  leaves: LeafRef[];
}

export interface CycleInput {
  year: number;
  config: YearConfig;
  units: CycleUnit[];
}

export type CycleStatus = 'running' | 'council_review' | 'approved' | 'published';

export interface CycleState {
  status: CycleStatus;
  surveyClosed: boolean;
  /** Units whose appraisal is final (or that were excluded), waiting for the council. */
  ready: string[];
  /** The report to the chair passed its deadline before every unit was ready. */
  reportOverdue: boolean;
  approvedBy: string | null;
}

export function unitWorkflowId(year: number, unitCode: string): string {
  return `par/${year}/${unitCode}`;
}

export function cycleWorkflowId(year: number): string {
  return `par/${year}`;
}
