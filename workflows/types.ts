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

export interface UnitState {
  phase: Phase;
  /** Epoch ms of the deadline of the current phase, where it has one. */
  phaseDeadline: number | null;
  selfDeadline: number;
  submittedAt: number | null;
  submittedBy: string | null;
  late: boolean;
  surveyClosed: boolean;
  /** Leaves the unit marked not applicable (known once it submits). */
  notApplicable: string[];
  /** Round 1 progress per appraisable field. */
  round1: Record<string, FieldStatus>;
  /** Leaves appraised in round 1. */
  appraised: string[];
  /** Leaves on which the appraiser asked the unit to explain. */
  flagged: string[];
  excluded: { reason: string; by: string; at: number } | null;
  rank: number | null;
  classification: string | null;
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
  approvedBy: string | null;
}

export function unitWorkflowId(year: number, unitCode: string): string {
  return `par/${year}/${unitCode}`;
}

export function cycleWorkflowId(year: number): string {
  return `par/${year}`;
}
