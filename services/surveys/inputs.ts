import type { Hundredths } from '../../domain/decimal';
import type { CriteriaSet } from '../../domain/criteria/types';
import type { SurveyTally } from '../../domain/scoring/survey';
import { Prisma, type Db } from '../../lib/db/prisma';
import { surveyLeaves } from '../../domain/surveys/validate-questionnaire';

type Tx = Db | Prisma.TransactionClient;

/**
 * The survey data of units, read from the raw answers and the year's current satisfaction import, and
 * the inputs the domain scores survey-scored leaves with. Only submitted forms count.
 */

/** The input of one survey-scored leaf, as the domain's LeafInput takes it and leaf_scores.survey_input keeps it. */
export type LeafSurveyInput = { readonly survey: SurveyTally } | { readonly satisfaction: Hundredths };

export function parseSurveyInput(json: unknown): LeafSurveyInput | undefined {
  if (!json || typeof json !== 'object' || Array.isArray(json)) return undefined;
  const value = json as Record<string, unknown>;
  if (typeof value.satisfaction === 'number') return { satisfaction: value.satisfaction };
  if (value.survey && typeof value.survey === 'object' && !Array.isArray(value.survey)) {
    const tally: Record<string, number> = {};
    for (const [option, count] of Object.entries(value.survey as Record<string, unknown>)) if (typeof count === 'number') tally[option] = count;
    return { survey: tally };
  }
  return undefined;
}

export interface SatisfactionValue {
  indicator: string;
  resultPct: Hundredths;
  sampleSize: number;
}

export interface UnitSurveyData {
  /** Answers by leaf code, counted by option (E included: the domain leaves it out). */
  tallies: Map<string, Record<string, number>>;
  satisfaction: Map<string, SatisfactionValue>;
}

const emptyData = (): UnitSurveyData => ({ tallies: new Map(), satisfaction: new Map() });

/** Survey data of the year's units (or of the units given), by unit id. */
export async function loadSurveyData(db: Tx, year: number, unitIds?: readonly string[]): Promise<Map<string, UnitSurveyData>> {
  const onlyUnits = unitIds ? Prisma.sql`AND a.unit_id = ANY(${[...unitIds]}::uuid[])` : Prisma.empty;
  const counts = await db.$queryRaw<{ unit_id: string; leaf_code: string; option: string; n: number }[]>`
    SELECT a.unit_id, q.leaf_code, a.option, count(*)::int AS n
    FROM survey_answers a
    JOIN survey_respondents r ON r.id = a.respondent_id
    JOIN survey_questions q ON q.id = a.question_id
    JOIN survey_questionnaires qn ON qn.id = q.questionnaire_id
    JOIN units u ON u.id = a.unit_id
    WHERE r.year = ${year} AND r.submitted_at IS NOT NULL AND qn.target_group_id = u.group_id ${onlyUnits}
    GROUP BY a.unit_id, q.leaf_code, a.option`;
  const results = await db.satisfactionResult.findMany({
    where: { import: { year, replacedAt: null }, ...(unitIds ? { unitId: { in: [...unitIds] } } : {}) },
  });
  const byUnit = new Map<string, UnitSurveyData>();
  const of = (unitId: string) => {
    let data = byUnit.get(unitId);
    if (!data) byUnit.set(unitId, (data = emptyData()));
    return data;
  };
  for (const c of counts) {
    const tallies = of(c.unit_id).tallies;
    const tally = tallies.get(c.leaf_code) ?? {};
    tally[c.option] = c.n;
    tallies.set(c.leaf_code, tally);
  }
  for (const r of results) of(r.unitId).satisfaction.set(r.leafCode, { indicator: r.indicator, resultPct: r.resultPct, sampleSize: r.sampleSize });
  return byUnit;
}

/** Options in a stable order, so a stored tally compares equal to a recomputed one. */
export function orderedTally(tally: Readonly<Record<string, number>> | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const option of Object.keys(tally ?? {}).sort()) out[option] = tally![option]!;
  return out;
}

/**
 * The inputs of a unit's survey-scored leaves: every sociological-survey leaf gets its tally (empty
 * when nobody answered: "no data"); a satisfaction leaf gets the unit's result where one was imported.
 */
export function liveSurveyInputs(set: CriteriaSet, data: UnitSurveyData | undefined): Record<string, LeafSurveyInput> {
  const inputs: Record<string, LeafSurveyInput> = {};
  for (const leaf of surveyLeaves(set, 'survey')) inputs[leaf.code] = { survey: orderedTally(data?.tallies.get(leaf.code)) };
  for (const leaf of surveyLeaves(set, 'satisfaction')) {
    const result = data?.satisfaction.get(leaf.code);
    if (result) inputs[leaf.code] = { satisfaction: result.resultPct };
  }
  return inputs;
}
