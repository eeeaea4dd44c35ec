import type { Hundredths } from '../../domain/decimal';
import type { CriteriaSet } from '../../domain/criteria/types';
import type { YearConfig } from '../../domain/year-config';
import { canonicalJson } from '../../lib/canonical-json';
import { Prisma, type Db } from '../../lib/db/prisma';
import { criteriaSetOf, scoreRows } from '../results/read';
import { liveSurveyInputs, loadSurveyData, parseSurveyInput, type LeafSurveyInput, type UnitSurveyData } from './inputs';
import { surveyLeaves } from '../../domain/surveys/validate-questionnaire';

type Tx = Db | Prisma.TransactionClient;
export type SurveyKind = 'survey' | 'satisfaction';

/**
 * Survey points of a unit's leaves, computed through the domain from the raw data, stored in
 * leaf_scores (survey_input + survey_score) and checked against what is stored.
 */

export interface LeafSurveyScore {
  leafCode: string;
  kind: SurveyKind;
  /** What the points come from; null for a satisfaction leaf without a result. */
  input: LeafSurveyInput | null;
  /** Null without valid answers (or result), or where the leaf does not apply to the unit. */
  points: Hundredths | null;
}

type Row = Parameters<typeof scoreRows>[1][number];

/** The survey points of every survey-scored leaf of a unit, from the live data, ignoring what is stored. */
export function surveyLeafScores(set: CriteriaSet, rows: readonly Row[], config: YearConfig, data: UnitSurveyData | undefined): LeafSurveyScore[] {
  const live = liveSurveyInputs(set, data);
  const score = scoreRows(set, rows.map((r) => ({ ...r, surveyInput: null })), config, undefined, live);
  const points = new Map(score.leaves.map((l) => [l.code, l.survey]));
  return (['survey', 'satisfaction'] as const).flatMap((kind) =>
    surveyLeaves(set, kind).map((leaf) => ({ leafCode: leaf.code, kind, input: live[leaf.code] ?? null, points: points.get(leaf.code) ?? null })),
  );
}

async function assessmentWithRows(tx: Tx, assessmentId: string) {
  const a = await tx.assessment.findUniqueOrThrow({
    where: { id: assessmentId },
    include: { criteriaSet: true, yearRef: true, unit: { select: { code: true } }, leafScores: true },
  });
  return { a, set: criteriaSetOf(a.criteriaSet.tree), config: a.yearRef.config as unknown as YearConfig };
}

/** Computes and stores the survey points of one assessment's leaves of the given kinds. */
export async function storeSurveyScores(tx: Prisma.TransactionClient, assessmentId: string, kinds: readonly SurveyKind[]): Promise<LeafSurveyScore[]> {
  const { a, set, config } = await assessmentWithRows(tx, assessmentId);
  const data = (await loadSurveyData(tx, a.year, [a.unitId])).get(a.unitId);
  const scores = surveyLeafScores(set, a.leafScores, config, data).filter((s) => kinds.includes(s.kind));
  for (const s of scores) {
    const where = { assessmentId_leafCode: { assessmentId, leafCode: s.leafCode } };
    if (s.input === null) {
      await tx.leafScore.updateMany({ where: { assessmentId, leafCode: s.leafCode }, data: { surveyInput: Prisma.DbNull, surveyScore: null } });
      continue;
    }
    const data = { surveyInput: s.input as unknown as Prisma.InputJsonValue, surveyScore: s.points };
    await tx.leafScore.upsert({ where, create: { assessmentId, leafCode: s.leafCode, ...data }, update: data });
  }
  return scores;
}

export interface SurveyScoreMismatch {
  unitCode: string;
  leafCode: string;
  stored: { input: LeafSurveyInput | null; points: Hundredths | null };
  recomputed: { input: LeafSurveyInput | null; points: Hundredths | null };
}

/**
 * Recomputes every stored survey score of the year from the raw answers and the satisfaction import
 * and lists where it differs from what is stored (it never should).
 */
export async function verifySurveyScores(db: Db, year: number): Promise<{ checked: number; mismatches: SurveyScoreMismatch[] }> {
  const assessments = await db.assessment.findMany({
    where: { year },
    include: { criteriaSet: true, yearRef: true, unit: { select: { code: true } }, leafScores: true },
    orderBy: { unit: { code: 'asc' } },
  });
  const data = await loadSurveyData(db, year);
  const sets = new Map<string, CriteriaSet>();
  let checked = 0;
  const mismatches: SurveyScoreMismatch[] = [];
  for (const a of assessments) {
    let set = sets.get(a.criteriaSetId);
    if (!set) sets.set(a.criteriaSetId, (set = criteriaSetOf(a.criteriaSet.tree)));
    const rows = new Map(a.leafScores.map((r) => [r.leafCode, r]));
    for (const s of surveyLeafScores(set, a.leafScores, a.yearRef.config as unknown as YearConfig, data.get(a.unitId))) {
      const row = rows.get(s.leafCode);
      if (!row || (row.surveyInput === null && row.surveyScore === null)) continue;
      checked++;
      const stored = { input: parseSurveyInput(row.surveyInput) ?? null, points: row.surveyScore };
      if (canonicalJson(stored.input) !== canonicalJson(s.input) || stored.points !== s.points) {
        mismatches.push({ unitCode: a.unit.code, leafCode: s.leafCode, stored, recomputed: { input: s.input, points: s.points } });
      }
    }
  }
  return { checked, mismatches };
}
