import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { computeSurveyScores, createSurveyActivities } from '../../activities/surveys';
import { rankUnits } from '../../domain/results/ranking';
import { classificationOf, type YearConfig } from '../../domain/year-config';
import { verifyAuditChain } from '../../lib/audit';
import { criteriaSetOf, scoreRows, unitResults } from '../../services/results/read';
import { surveyReport } from '../../services/surveys/report';
import { verifySurveyScores } from '../../services/surveys/scores';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startTestSmtp, type TestSmtp } from '../support/smtp';
import { createAssessments, seedSurveyOrg, selfScores, surveyYear, YEAR } from './fixtures';
import { activityDeps, runWorkedExample } from './worked-example';

/** The worked example of docs/surveys.md, from raw answers to stored points, the index and the ranking. */
describe('survey scores', () => {
  let database: TestDatabase;
  let smtp: TestSmtp;
  let assessments: Map<string, string>;

  beforeAll(async () => {
    database = await createTestDatabase();
    smtp = await startTestSmtp();
    const db = database.db;
    await seedSurveyOrg(db);
    await surveyYear(db, { status: 'running' });
    assessments = await createAssessments(db);
    await selfScores(db, assessments.get('SNV')!, { '1.1.1': 300, '1.1.2': 200 });
    await selfScores(db, assessments.get('STP')!, { '1.1.1': 300, '1.1.2': 200 });
    await selfScores(db, assessments.get('STC')!, { '1.1.1': 150, '1.1.2': 200 });
    await runWorkedExample(db);
  });
  afterAll(async () => {
    await smtp?.close();
    await database?.drop();
  });

  it('reports, per unit and leaf, the answers per option and the points the domain gives', async () => {
    const report = await surveyReport(database.db, YEAR, { groupCode: 'SO_NGANH' });
    const snv = report.units.find((u) => u.unitCode === 'SNV')!;
    expect(snv.survey).toEqual([
      expect.objectContaining({ leafCode: '2.1.1', max: 200, counts: { A: 2, B: 1, C: 1, D: 0, E: 1 }, blank: 1, valid: 4, meanWeight: 7000, points: 140, stored: null, matchesStored: null }),
      expect.objectContaining({ leafCode: '2.1.2', max: 150, counts: { A: 2, B: 0, C: 0, D: 1, E: 0 }, blank: 0, valid: 3, meanWeight: 6667, points: 100 }),
    ]);
    expect(snv.satisfaction).toEqual([expect.objectContaining({ leafCode: '2.2.1', indicator: 'SIPAS', resultPct: 8530, sampleSize: 120, points: 128 })]);
    const stp = report.units.find((u) => u.unitCode === 'STP')!;
    expect(stp.survey.map((l) => [l.leafCode, l.meanWeight, l.points])).toEqual([
      ['2.1.1', 2667, 53],
      ['2.1.2', 4667, 70],
    ]);
    const stc = report.units.find((u) => u.unitCode === 'STC')!;
    expect(stc.survey.map((l) => [l.valid, l.points])).toEqual([
      [0, null],
      [0, null],
    ]);
    expect(report.consistent).toBe(true);
  });

  it('feeds the live survey data into the unit score before the survey closes', async () => {
    const snv = (await unitResults(database.db, assessments.get('SNV')!)).results.score;
    // 5,00 self-scored + 1,40 + 1,00 (survey) + 1,28 (satisfaction) = 8,68 of 10,00.
    expect([snv.points, snv.max, snv.index]).toEqual([868, 1000, 8680]);
    expect(snv.leaves.filter((l) => l.kind !== 'tiered' && l.kind !== 'binary').map((l) => [l.code, l.survey])).toEqual([
      ['2.1.1', 140],
      ['2.1.2', 100],
      ['2.2.1', 128],
    ]);
  });

  it('stores input and points when the survey closes, once, and the recomputation equals them', async () => {
    const deps = activityDeps(database.db, smtp.port);
    const at = Date.now();
    const first = await computeSurveyScores(deps, { workflowId: 'par/2023/SNV', assessmentId: assessments.get('SNV')!, at });
    expect(first).toEqual({ leaves: { '2.1.1': 140, '2.1.2': 100, '2.2.1': 128 } });
    // A retry of the activity changes nothing and writes no second audit entry.
    const activities = createSurveyActivities(deps);
    expect(await activities.computeSurveyScores({ workflowId: 'par/2023/SNV', assessmentId: assessments.get('SNV')!, at })).toEqual(first);
    for (const unit of ['STP', 'STC']) await activities.computeSurveyScores({ workflowId: `par/2023/${unit}`, assessmentId: assessments.get(unit)!, at });

    const rows = await database.db.leafScore.findMany({ where: { assessmentId: assessments.get('SNV')!, leafCode: { startsWith: '2.' } }, orderBy: { leafCode: 'asc' } });
    expect(rows.map((r) => [r.leafCode, r.surveyInput, r.surveyScore])).toEqual([
      ['2.1.1', { survey: { A: 2, B: 1, C: 1, E: 1 } }, 140],
      ['2.1.2', { survey: { A: 2, D: 1 } }, 100],
      ['2.2.1', { satisfaction: 8530 }, 128],
    ]);
    const audit = await database.db.auditEntry.findMany({ where: { action: 'survey.scores' }, orderBy: { seq: 'asc' } });
    expect(audit.map((e) => e.dedupeKey)).toEqual(['par/2023/SNV/survey-scores', 'par/2023/STP/survey-scores', 'par/2023/STC/survey-scores']);
    expect((await verifyAuditChain(database.db)).ok).toBe(true);

    expect(await verifySurveyScores(database.db, YEAR)).toEqual({ checked: 8, mismatches: [] });
    const report = await surveyReport(database.db, YEAR);
    expect(report.consistent).toBe(true);
    expect(report.units.find((u) => u.unitCode === 'SNV')!.survey[0]).toMatchObject({ stored: { points: 140 }, matchesStored: true });
  });

  it('finds a stored score that no longer matches its raw answers', async () => {
    const where = { assessmentId_leafCode: { assessmentId: assessments.get('STP')!, leafCode: '2.1.2' } };
    await database.db.leafScore.update({ where, data: { surveyScore: 150 } });
    try {
      const { mismatches } = await verifySurveyScores(database.db, YEAR);
      expect(mismatches).toEqual([{ unitCode: 'STP', leafCode: '2.1.2', stored: { input: { survey: { B: 2, C: 1 } }, points: 150 }, recomputed: { input: { survey: { B: 2, C: 1 } }, points: 70 } }]);
      expect((await surveyReport(database.db, YEAR)).consistent).toBe(false);
    } finally {
      await database.db.leafScore.update({ where, data: { surveyScore: 70 } });
    }
  });

  it('ranks the group on indices that include the stored survey points', async () => {
    const year = await database.db.year.findUniqueOrThrow({ where: { year: YEAR } });
    const config = year.config as unknown as YearConfig;
    const rows = await database.db.assessment.findMany({ where: { year: YEAR }, include: { unit: true, group: true, criteriaSet: true, leafScores: true } });
    // From the stored rows alone, as the ranking activity reads them.
    const entries = rows.map((a) => {
      const score = scoreRows(criteriaSetOf(a.criteriaSet.tree), a.leafScores, config, a.unit.code);
      return { unitCode: a.unit.code, groupCode: a.group.code, index: score.index, points: score.points, max: score.max };
    });
    const departments = rankUnits(entries, classificationOf(config)).find((g) => g.groupCode === 'SO_NGANH')!;
    // SNV 8,68/10 = 86,80%; STP 5 + 0,53 + 0,70 + 1,38 = 7,61/10 = 76,10%; STC 3,50 of the 5,00 that apply = 70,00%.
    expect(departments.ranked.map((r) => [r.unitCode, r.rank, r.points, r.max, r.index])).toEqual([
      ['SNV', 1, 868, 1000, 8680],
      ['STP', 2, 761, 1000, 7610],
      ['STC', 3, 350, 500, 7000],
    ]);
    // And the live path agrees with the stored one.
    for (const [unit, id] of assessments) {
      const live = (await unitResults(database.db, id)).results;
      expect([unit, live.points, live.index]).toEqual([unit, entries.find((e) => e.unitCode === unit)!.points, entries.find((e) => e.unitCode === unit)!.index]);
    }
  });
});
