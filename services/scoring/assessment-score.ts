import { parseCriteriaSet } from '../../domain/criteria/parse';
import type { CriteriaSet } from '../../domain/criteria/types';
import type { LeafInput } from '../../domain/scoring/leaf';
import type { ScoreEntry } from '../../domain/scoring/entry';
import { scoreUnit, type UnitScore } from '../../domain/scoring/totals';
import { scoringConfigOf, type YearConfig } from '../../domain/year-config';
import type { Db } from '../../lib/db/prisma';
import { liveSurveyInputs, loadSurveyData, parseSurveyInput, type LeafSurveyInput } from '../surveys/inputs';

/**
 * Loads what the database holds for one assessment and scores it through the domain: the one path
 * from stored rows to points, used by the ranking activity, the score sheet and reports alike.
 * Survey-scored leaves take the input frozen in their row when the survey closed (survey_input); until
 * then, the live input read from the raw answers and the satisfaction import.
 */

type LeafRow = {
  leafCode: string;
  notApplicable: boolean;
  selfScore: number | null;
  selfInput: unknown;
  selfNote: string | null;
  appraisedScore: number | null;
  finalScore: number | null;
  surveyScore: number | null;
  surveyInput?: unknown;
};

/** Survey inputs by leaf code, read live from the answers and the satisfaction import. */
export type LiveSurveyInputs = Readonly<Record<string, LeafSurveyInput>>;

export function criteriaSetOf(tree: unknown): CriteriaSet {
  const parsed = parseCriteriaSet(tree);
  if (!parsed.ok) throw new Error(`Bộ tiêu chí đã lưu không hợp lệ: ${parsed.issues[0]?.message ?? ''}`);
  return parsed.value;
}

/** The domain's input for one leaf from its stored row (and the live survey input where the row holds none). */
export function leafInputOf(row: LeafRow, live?: LeafSurveyInput): LeafInput {
  const self: ScoreEntry | undefined =
    row.selfInput && typeof row.selfInput === 'object' ? (row.selfInput as ScoreEntry) : row.selfScore !== null ? { points: row.selfScore } : undefined;
  return {
    ...(row.notApplicable ? { notApplicable: true } : {}),
    ...(self ? { self } : {}),
    ...(row.appraisedScore !== null ? { appraised: { points: row.appraisedScore } } : {}),
    ...(row.finalScore !== null ? { final: { points: row.finalScore } } : {}),
    ...(row.selfNote ? { note: row.selfNote } : {}),
    ...(parseSurveyInput(row.surveyInput) ?? live ?? {}),
  };
}

export function scoreRows(set: CriteriaSet, rows: LeafRow[], config: YearConfig, unitCode?: string, live: LiveSurveyInputs = {}): UnitScore {
  const leaves: Record<string, LeafInput> = {};
  for (const row of rows) leaves[row.leafCode] = leafInputOf(row, live[row.leafCode]);
  for (const [code, input] of Object.entries(live)) leaves[code] ??= input;
  return scoreUnit(set, { unitCode, leaves }, scoringConfigOf(config));
}

export async function scoreAssessment(db: Db, assessmentId: string): Promise<UnitScore> {
  const a = await db.assessment.findUniqueOrThrow({
    where: { id: assessmentId },
    include: { criteriaSet: true, yearRef: true, unit: { select: { code: true } }, leafScores: true },
  });
  const set = criteriaSetOf(a.criteriaSet.tree);
  const survey = (await loadSurveyData(db, a.year, [a.unitId])).get(a.unitId);
  return scoreRows(set, a.leafScores, a.yearRef.config as unknown as YearConfig, a.unit.code, liveSurveyInputs(set, survey));
}
