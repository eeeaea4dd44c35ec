import type { Hundredths } from '../../domain/decimal';
import { parseCriteriaSet } from '../../domain/criteria/parse';
import type { CriteriaSet } from '../../domain/criteria/types';
import { isAppraisalAction, isExplanationResult, type LeafStanding } from '../../domain/results/appraisal';
import type { GroupRanking } from '../../domain/results/ranking';
import { computeUnitResults, scoreRecords, type LeafRecord, type UnitResults } from '../../domain/results/unit';
import { yearRanking } from '../../domain/results/year';
import type { ScoreEntry } from '../../domain/scoring/entry';
import type { UnitScore } from '../../domain/scoring/totals';
import type { YearConfig } from '../../domain/year-config';
import type { Db, Prisma } from '../../lib/db/prisma';
import { loadSet } from '../criteria';
import { liveSurveyInputs, loadSurveyData, parseSurveyInput, type LeafSurveyInput } from '../surveys/inputs';

/**
 * Reads what the database holds for a unit or a whole year, once, and hands it to the domain's
 * results (domain/results): the one path from stored rows to points, indices, counts and ranks, used
 * by the ranking activity, the score sheet, the status board, the ranking routes and every export.
 * Survey-scored leaves take the input frozen in their row when the survey closed (survey_input); until
 * then, the live input read from the raw answers and the satisfaction import.
 */

type Tx = Db | Prisma.TransactionClient;

/** The columns of a leaf_scores row the results read (others are ignored). */
export type LeafRow = {
  leafCode: string;
  notApplicable: boolean;
  selfScore: number | null;
  selfInput: unknown;
  selfNote: string | null;
  appraisalAction?: string | null;
  appraisedScore: number | null;
  appraisalReason?: string | null;
  explanation?: string | null;
  explanationResult?: string | null;
  finalScore: number | null;
  finalReason?: string | null;
  surveyInput?: unknown;
};

/** Survey inputs by leaf code, read live from the answers and the satisfaction import. */
export type LiveSurveyInputs = Readonly<Record<string, LeafSurveyInput>>;

export function criteriaSetOf(tree: unknown): CriteriaSet {
  const parsed = parseCriteriaSet(tree);
  if (!parsed.ok) throw new Error(`Bộ tiêu chí đã lưu không hợp lệ: ${parsed.issues[0]?.message ?? ''}`);
  return parsed.value;
}

/** The unit's entry as stored: its variables (self_input) where kept, else its points. */
function selfEntryOf(row: LeafRow): ScoreEntry | null {
  if (row.selfInput && typeof row.selfInput === 'object') return row.selfInput as ScoreEntry;
  return row.selfScore !== null ? { points: row.selfScore } : null;
}

/** The domain's record of one leaf from its stored row. */
export function leafRecordOf(row: LeafRow): LeafRecord {
  return {
    leafCode: row.leafCode,
    notApplicable: row.notApplicable,
    self: selfEntryOf(row),
    selfNote: row.selfNote,
    appraisalAction: isAppraisalAction(row.appraisalAction) ? row.appraisalAction : null,
    round1: row.appraisedScore,
    round1Reason: row.appraisalReason ?? null,
    explanation: row.explanation ?? null,
    explanationResult: isExplanationResult(row.explanationResult) ? row.explanationResult : null,
    round2: row.finalScore,
    round2Reason: row.finalReason ?? null,
    surveyInput: parseSurveyInput(row.surveyInput) ?? null,
  };
}

/** A stored row as the appraisal's standing score reads it (domain/results/appraisal). */
export function leafStandingOf(row: LeafRow): LeafStanding {
  return {
    selfPoints: row.selfScore as Hundredths | null,
    appraisalAction: row.appraisalAction ?? null,
    round1: row.appraisedScore,
    explanationResult: row.explanationResult ?? null,
    round2: row.finalScore,
  };
}

/** A unit's score from stored rows (and live survey inputs where the rows hold none). */
export function scoreRows(set: CriteriaSet, rows: readonly LeafRow[], config: YearConfig, unitCode?: string, live: LiveSurveyInputs = {}): UnitScore {
  return scoreRecords(set, unitCode, rows.map(leafRecordOf), config, live);
}

/** A unit of a year with its results and the names the screens and documents show. */
export interface UnitResultsView {
  readonly assessmentId: string;
  readonly unitName: string;
  readonly groupName: string;
  readonly phase: string;
  readonly set: CriteriaSet;
  readonly results: UnitResults;
}

export interface YearResults {
  readonly year: number;
  readonly title: string;
  readonly status: string;
  readonly config: YearConfig;
  /** Every unit, in group order then unit code. */
  readonly units: readonly UnitResultsView[];
  /** One ranking per group, in the groups' order. */
  readonly ranking: readonly GroupRanking[];
}

const assessmentInclude = {
  unit: { select: { id: true, code: true, name: true } },
  group: { select: { code: true, name: true, order: true } },
  criteriaSet: { select: { id: true, updatedAt: true } },
  leafScores: true,
} as const;

type AssessmentRow = Prisma.AssessmentGetPayload<{ include: typeof assessmentInclude }>;

async function resultsOf(db: Tx, rows: readonly AssessmentRow[], year: number, config: YearConfig): Promise<UnitResultsView[]> {
  const survey = rows.length ? await loadSurveyData(db, year, rows.map((a) => a.unit.id)) : new Map();
  const views: UnitResultsView[] = [];
  for (const a of rows) {
    const set = await loadSet(db, a.criteriaSet);
    const results = computeUnitResults(
      set,
      {
        unitCode: a.unit.code,
        records: a.leafScores.map(leafRecordOf),
        liveSurvey: liveSurveyInputs(set, survey.get(a.unit.id)),
        submitted: a.submittedAt !== null || a.lockedAt !== null,
        exclusion: a.excluded ? { reason: a.exclusionReason } : null,
      },
      config,
    );
    views.push({ assessmentId: a.id, unitName: a.unit.name, groupName: a.group.name, phase: a.phase, set, results });
  }
  return views;
}

/** One unit's results, from one read of its assessment. */
export async function unitResults(db: Tx, assessmentId: string): Promise<UnitResultsView> {
  const a = await db.assessment.findUniqueOrThrow({ where: { id: assessmentId }, include: { ...assessmentInclude, yearRef: { select: { config: true } } } });
  return (await resultsOf(db, [a], a.year, a.yearRef.config as unknown as YearConfig))[0]!;
}

/** The results of some assessments of a year (a page of the status board), by assessment id. */
export async function assessmentsResults(db: Tx, year: number, config: YearConfig, assessmentIds: readonly string[]): Promise<Map<string, UnitResultsView>> {
  if (!assessmentIds.length) return new Map();
  const rows = await db.assessment.findMany({ where: { year, id: { in: [...assessmentIds] } }, include: assessmentInclude });
  return new Map((await resultsOf(db, rows, year, config)).map((v) => [v.assessmentId, v]));
}

/** Every unit's results for a year and the year's ranking; null when there is no such year. */
export async function yearResults(db: Tx, year: number): Promise<YearResults | null> {
  const y = await db.year.findUnique({ where: { year }, select: { year: true, title: true, status: true, config: true } });
  if (!y) return null;
  const config = y.config as unknown as YearConfig;
  const rows = await db.assessment.findMany({ where: { year }, include: assessmentInclude });
  rows.sort((a, b) => a.group.order - b.group.order || compareCodes(a.group.code, b.group.code) || compareCodes(a.unit.code, b.unit.code));
  const units = await resultsOf(db, rows, year, config);
  const groupOrder = [...new Set(rows.map((a) => a.group.code))];
  return { year, title: y.title, status: y.status, config, units, ranking: yearRanking(units.map((u) => u.results), config, groupOrder) };
}

function compareCodes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
