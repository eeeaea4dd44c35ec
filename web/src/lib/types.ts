
/** The shapes the UI reads from the API (points are decimal numbers there: 1.5 = 1,50 điểm). */

/** A leaf's entry as the API speaks it: points, ratio (%), numerator, denominator as decimals. */
export interface ApiEntry {
  points?: number;
  ratio?: number;
  numerator?: number;
  denominator?: number;
  achieved?: boolean;
  occurrences?: number;
}

export interface LeafRecord {
  leafCode: string;
  notApplicable: boolean;
  selfScore: number | null;
  /** What the unit entered under the leaf's rule, in API units (ratio 92.5 = 92,5%). */
  entry?: ApiEntry | null;
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
  evidenceCount?: number;
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
  lockedAt?: string | null;
  late: boolean;
  excluded?: boolean;
  exclusionReason?: string | null;
  /** The unit may still change its self-scores and evidence. */
  editable?: boolean;
  leaves: LeafRecord[];
}

export interface BoardField {
  fieldCode: string;
  title?: string;
  round: number;
  status: 'not_started' | 'pending' | 'done' | 'not_applicable' | string;
  appraised?: number;
  total?: number;
  appraisedBy?: string | null;
  doneAt?: string | null;
  appraisers?: string[];
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
  scored?: number;
  scorable?: number;
  evidence?: number;
  fields: BoardField[];
  fieldsDone?: number;
  fieldsTotal?: number;
  workflowId?: string;
  workflowUrl: string;
}

export interface Board {
  year: number;
  status: string;
  /** For the whole year: total, submitted, late, overdue, excluded and one per phase. */
  counts?: Record<string, number>;
  total?: number;
  units: BoardUnit[];
}
