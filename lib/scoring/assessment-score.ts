import { parseCriteriaSet } from '../../domain/criteria/parse';
import type { CriteriaSet } from '../../domain/criteria/types';
import type { LeafInput } from '../../domain/scoring/leaf';
import type { ScoreEntry } from '../../domain/scoring/entry';
import { scoreUnit, type UnitScore } from '../../domain/scoring/totals';
import { scoringConfigOf, type YearConfig } from '../../domain/year-config';
import type { Db } from '../db/prisma';

/**
 * Loads what the database holds for one assessment and scores it through the domain: the one path
 * from stored rows to points, used by the ranking activity, the score sheet and reports alike.
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
};

export function criteriaSetOf(tree: unknown): CriteriaSet {
  const parsed = parseCriteriaSet(tree);
  if (!parsed.ok) throw new Error(`Bộ tiêu chí đã lưu không hợp lệ: ${parsed.issues[0]?.message ?? ''}`);
  return parsed.value;
}

/** The domain's input for one leaf from its stored row. */
export function leafInputOf(row: LeafRow): LeafInput {
  const self: ScoreEntry | undefined =
    row.selfInput && typeof row.selfInput === 'object' ? (row.selfInput as ScoreEntry) : row.selfScore !== null ? { points: row.selfScore } : undefined;
  return {
    ...(row.notApplicable ? { notApplicable: true } : {}),
    ...(self ? { self } : {}),
    ...(row.appraisedScore !== null ? { appraised: { points: row.appraisedScore } } : {}),
    ...(row.finalScore !== null ? { final: { points: row.finalScore } } : {}),
    ...(row.selfNote ? { note: row.selfNote } : {}),
  };
}

export function scoreRows(set: CriteriaSet, rows: LeafRow[], config: YearConfig, unitCode?: string): UnitScore {
  const leaves: Record<string, LeafInput> = {};
  for (const row of rows) leaves[row.leafCode] = leafInputOf(row);
  return scoreUnit(set, { unitCode, leaves }, scoringConfigOf(config));
}

export async function scoreAssessment(db: Db, assessmentId: string): Promise<UnitScore> {
  const a = await db.assessment.findUniqueOrThrow({
    where: { id: assessmentId },
    include: { criteriaSet: true, yearRef: true, unit: { select: { code: true } }, leafScores: true },
  });
  return scoreRows(criteriaSetOf(a.criteriaSet.tree), a.leafScores, a.yearRef.config as unknown as YearConfig, a.unit.code);
}
