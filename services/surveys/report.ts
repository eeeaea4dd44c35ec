import type { CriteriaSet } from '../../domain/criteria/types';
import { mulDivRoundHalfUp, type Hundredths } from '../../domain/decimal';
import { canonicalJson } from '../../lib/canonical-json';
import type { Db } from '../../lib/db/prisma';
import { loadSurveyData, parseSurveyInput } from './inputs';
import { ANSWER_OPTIONS, weightsOf } from '../../domain/surveys/options';
import { surveyLeafScores } from './scores';
import { surveyLeaves } from '../../domain/surveys/validate-questionnaire';
import { surveyWindow } from '../../domain/surveys/window';
import { loadYear, yearSets } from './year';

/**
 * The survey report: for each unit and survey-scored leaf, the count of answers per option (and
 * blanks), the mean weight and the points the domain gives, beside what is stored for the unit and
 * whether the two agree; and the unit's satisfaction results with their points.
 */

export interface SurveyLeafReport {
  leafCode: string;
  title: string;
  max: Hundredths;
  counts: Record<string, number>;
  /** Questions about the unit left unanswered on submitted forms. */
  blank: number;
  /** Answers with a weight (E and blanks are not counted). */
  valid: number;
  /** Mean weight of the valid answers, hundredths of a percent; null without any. */
  meanWeight: Hundredths | null;
  points: Hundredths | null;
  stored: { points: Hundredths | null } | null;
  /** Null until points are stored (at the survey's close). */
  matchesStored: boolean | null;
}

export interface SatisfactionLeafReport {
  leafCode: string;
  title: string;
  max: Hundredths;
  indicator: string | null;
  resultPct: Hundredths | null;
  sampleSize: number | null;
  points: Hundredths | null;
  stored: { points: Hundredths | null } | null;
  matchesStored: boolean | null;
}

export interface UnitReport {
  unitCode: string;
  unitName: string;
  groupCode: string;
  survey: SurveyLeafReport[];
  satisfaction: SatisfactionLeafReport[];
}

export async function surveyReport(db: Db, year: number, filter: { groupCode?: string; unitCode?: string } = {}, now = Date.now()) {
  const yearRow = await loadYear(db, year);
  const weights = weightsOf(yearRow.config);
  const sets = await yearSets(db, year);
  const groupIds = [...sets.values()].filter((s) => !filter.groupCode || s.groupCode === filter.groupCode).map((s) => s.groupId);
  const units = await db.unit.findMany({
    where: { groupId: { in: groupIds }, active: true, ...(filter.unitCode ? { code: filter.unitCode } : {}) },
    include: { group: { select: { code: true, order: true } }, assessments: { where: { year }, include: { leafScores: true } } },
  });
  units.sort((a, b) => a.group.order - b.group.order || a.name.localeCompare(b.name, 'vi'));
  const data = await loadSurveyData(db, year, units.map((u) => u.id));

  // Blanks: every submitted form covering the unit asks each question mapped to the leaf once.
  const questionnaires = await db.surveyQuestionnaire.findMany({ where: { respondentGroup: { year } }, include: { questions: true } });
  const submitted = await db.surveyRespondent.findMany({ where: { year, submittedAt: { not: null } }, select: { respondentGroupId: true, unitId: true } });
  const asked = (unit: { id: string; groupId: string }, leafCode: string) => {
    let total = 0;
    for (const q of questionnaires) {
      if (q.targetGroupId !== unit.groupId) continue;
      const questions = q.questions.filter((x) => x.leafCode === leafCode).length;
      if (!questions) continue;
      const forms = submitted.filter((r) => r.respondentGroupId === q.respondentGroupId && r.unitId !== unit.id).length;
      total += questions * forms;
    }
    return total;
  };

  const reports: UnitReport[] = [];
  for (const unit of units) {
    const set: CriteriaSet = [...sets.values()].find((s) => s.groupId === unit.groupId)!.set;
    const rows = unit.assessments[0]?.leafScores ?? [];
    const stored = new Map(rows.filter((r) => r.surveyInput !== null || r.surveyScore !== null).map((r) => [r.leafCode, r]));
    const scores = new Map(surveyLeafScores(set, rows, yearRow.config, data.get(unit.id)).map((s) => [s.leafCode, s]));
    const compare = (leafCode: string) => {
      const row = stored.get(leafCode);
      if (!row) return { stored: null, matchesStored: null };
      const s = scores.get(leafCode)!;
      return { stored: { points: row.surveyScore }, matchesStored: row.surveyScore === s.points && canonicalJson(parseSurveyInput(row.surveyInput) ?? null) === canonicalJson(s.input) };
    };
    reports.push({
      unitCode: unit.code,
      unitName: unit.name,
      groupCode: unit.group.code,
      survey: surveyLeaves(set, 'survey').map((leaf) => {
        const tally = data.get(unit.id)?.tallies.get(leaf.code) ?? {};
        const counts = Object.fromEntries(ANSWER_OPTIONS.map((o) => [o, tally[o] ?? 0]));
        let valid = 0;
        let weighted = 0;
        let answered = 0;
        for (const [option, n] of Object.entries(tally)) {
          answered += n;
          const w = weights[option];
          if (w === undefined) continue;
          valid += n;
          weighted += n * w;
        }
        return {
          leafCode: leaf.code,
          title: leaf.title,
          max: leaf.max,
          counts,
          blank: Math.max(0, asked(unit, leaf.code) - answered),
          valid,
          meanWeight: valid ? mulDivRoundHalfUp(weighted, 100, valid) : null,
          points: scores.get(leaf.code)?.points ?? null,
          ...compare(leaf.code),
        };
      }),
      satisfaction: surveyLeaves(set, 'satisfaction').map((leaf) => {
        const result = data.get(unit.id)?.satisfaction.get(leaf.code);
        return {
          leafCode: leaf.code,
          title: leaf.title,
          max: leaf.max,
          indicator: result?.indicator ?? null,
          resultPct: result?.resultPct ?? null,
          sampleSize: result?.sampleSize ?? null,
          points: scores.get(leaf.code)?.points ?? null,
          ...compare(leaf.code),
        };
      }),
    });
  }
  const all = reports.flatMap((r) => [...r.survey, ...r.satisfaction]);
  return {
    year,
    state: surveyWindow(yearRow, now).state,
    weights: { ...weights },
    units: reports,
    /** Every stored score equals its recomputation (true when nothing is stored yet). */
    consistent: all.every((l) => l.matchesStored !== false),
  };
}
