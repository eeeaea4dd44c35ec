import type { ScoreEntry } from '../../../domain/scoring/entry';

/** The shapes the UI reads from the API (points are decimal numbers there: 1.5 = 1,50 điểm). */

export interface LeafRecord {
  leafCode: string;
  notApplicable: boolean;
  selfScore: number | null;
  /** What the unit entered under the leaf's rule (ratio, numerator/denominator…), in hundredths. */
  selfInput?: ScoreEntry | null;
  note: string | null;
  appraisedScore: number | null;
  appraisalAction: string | null;
  appraisalReason?: string | null;
  appraisedBy?: string | null;
  explanation?: string | null;
  explanationResult?: string | null;
  finalScore?: number | null;
  finalReason?: string | null;
  surveyScore?: number | null;
  version: number;
  updatedBy?: string | null;
  updatedAt?: string | null;
}

export interface AssessmentRecord {
  year: number;
  unitCode: string;
  unitName: string;
  groupCode?: string;
  phase: string;
  phaseLabel?: string;
  phaseDeadline?: string | null;
  selfDeadline?: string | null;
  submittedAt: string | null;
  submittedBy?: string | null;
  late: boolean;
  excluded?: boolean;
  exclusionReason?: string | null;
  leaves: LeafRecord[];
}

export interface BoardField {
  fieldCode: string;
  round: number;
  status: string;
  appraised?: number;
  total?: number;
}

export interface BoardUnit {
  unitCode: string;
  unitName: string;
  groupCode: string;
  groupName?: string;
  phase: string;
  phaseLabel: string;
  phaseDeadline: string | null;
  overdue: boolean;
  submittedAt: string | null;
  late: boolean;
  excluded: boolean;
  fields: BoardField[];
  workflowUrl: string;
  scored?: number;
  scorable?: number;
}

export interface Board {
  year: number;
  status: string;
  units: BoardUnit[];
  counts?: Record<string, number>;
  total?: number;
}
