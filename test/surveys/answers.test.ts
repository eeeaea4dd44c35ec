import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { saveAnswers, submitForm } from '../../services/surveys/answers';
import { respondentForm } from '../../services/surveys/form';
import { issueCodes, registerRespondents, reissueCode } from '../../services/surveys/respondents';
import { openSurveySession, respondentOfToken } from '../../services/surveys/sessions';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { ACTOR, seedSurveyOrg, surveyYear, YEAR } from './fixtures';

/** Saving, resuming and submitting a form, at the level of services/surveys against a real database. */
describe('answering a form', () => {
  let database: TestDatabase;
  let codes: { serial: number; code: string }[];

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedSurveyOrg(database.db);
    await surveyYear(database.db, { status: 'running' });
    // A department leader of SNV (named), and two printed codes for district leaders of LB.
    await registerRespondents(database.db, ACTOR, YEAR, [{ respondentGroup: 'LD_SO', fullName: 'Nguyễn Văn An', email: 'an@snv.example', unitCode: 'SNV' }]);
    codes = await issueCodes(database.db, ACTOR, YEAR, { respondentGroup: 'LD_HUYEN', count: 2, unitCode: 'LB' });
  });
  afterAll(async () => {
    await database?.drop();
  });

  const session = async (code: string) => respondentOfToken(database.db, (await openSurveySession(database.db, code, 60)).token);
  const questionIds = async (group: string) => {
    const qs = await database.db.surveyQuestion.findMany({ where: { questionnaire: { respondentGroup: { code: group } } } });
    return Object.fromEntries(qs.map((q) => [q.code, q.id]));
  };

  it('numbers forms and hands out codes once, storing only their hash', async () => {
    expect(codes.map((c) => c.serial)).toEqual([2, 3]);
    expect(codes[0]!.code).toMatch(/^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
    const rows = await database.db.surveyRespondent.findMany({ orderBy: { serial: 'asc' } });
    expect(rows.map((r) => [r.serial, r.anonymous, r.sentVia])).toEqual([
      [1, false, null],
      [2, true, 'print'],
      [3, true, 'print'],
    ]);
    const stored = JSON.stringify(rows);
    for (const c of codes) {
      expect(stored).not.toContain(c.code);
      expect(stored).not.toContain(c.code.replace(/-/g, ''));
    }
  });

  it('refuses a wrong code and records when a form was first opened', async () => {
    await expect(openSurveySession(database.db, 'AAAA-BBBB-CCCC', 60)).rejects.toMatchObject({ status: 401, code: 'INVALID_SURVEY_CODE' });
    await expect(openSurveySession(database.db, 'không phải mã', 60)).rejects.toMatchObject({ status: 401 });
    // Typed in lower case with spaces, as people do.
    await session(codes[0]!.code.toLowerCase().replace(/-/g, ' '));
    const row = await database.db.surveyRespondent.findUniqueOrThrow({ where: { year_serial: { year: YEAR, serial: 2 } } });
    expect(row.openedAt).not.toBeNull();
  });

  it('shows a respondent the units of the target group except their own, and keeps answers until submitted', async () => {
    const respondentId = await session(codes[0]!.code);
    const q = await questionIds('LD_HUYEN');
    const form = await respondentForm(database.db, respondentId);
    expect(form.state).toBe('open');
    expect(form.questionnaires).toHaveLength(1);
    expect(form.questionnaires[0]!.units.map((u) => u.code).sort()).toEqual(['SNV', 'STC', 'STP']);
    expect(form.questionnaires[0]!.options.map((o) => [o.option, o.counted])).toEqual([
      ['A', true],
      ['B', true],
      ['C', true],
      ['D', true],
      ['E', false],
    ]);

    // "Same answer for all units", then one cell changed and one cleared.
    expect(await saveAnswers(database.db, respondentId, [{ questionId: q.C1!, allUnits: true, option: 'B' }])).toEqual({ saved: 3, cleared: 0, answers: 3 });
    expect(await saveAnswers(database.db, respondentId, [{ questionId: q.C1!, unitCode: 'SNV', option: 'A' }, { questionId: q.C1!, unitCode: 'STC', option: null }])).toEqual({ saved: 1, cleared: 1, answers: 2 });

    // Later, in a new session: the answers are still there.
    const again = await respondentForm(database.db, await session(codes[0]!.code));
    expect(again.answers.map((a) => [a.unitCode, a.option]).sort()).toEqual([
      ['SNV', 'A'],
      ['STP', 'B'],
    ]);
    expect(again.submittedAt).toBeNull();
  });

  it('refuses a respondent rating their own unit, and saves nothing of that request', async () => {
    const [named] = await database.db.surveyRespondent.findMany({ where: { serial: 1 } });
    const { code } = await reissueCode(database.db, ACTOR, YEAR, named!.serial);
    const respondentId = await session(code);
    const form = await respondentForm(database.db, respondentId);
    expect(form.ownUnit).toEqual({ code: 'SNV', name: 'Đơn vị SNV' });
    expect(form.questionnaires[0]!.units.map((u) => u.code).sort()).toEqual(['STC', 'STP']);
    const q = await questionIds('LD_SO');
    const error = await saveAnswers(database.db, respondentId, [
      { questionId: q.C1!, unitCode: 'STP', option: 'A' },
      { questionId: q.C1!, unitCode: 'SNV', option: 'A' },
    ]).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 422, code: 'SELF_RATING', errors: [{ field: 'body.answers[1].unitCode', message: 'Câu hỏi C1: bạn không được đánh giá đơn vị của chính mình (Đơn vị SNV).' }] });
    expect(await database.db.surveyAnswer.count({ where: { respondentId } })).toBe(0);
    // "Same answer for all units" leaves the own unit out.
    expect(await saveAnswers(database.db, respondentId, [{ questionId: q.C3!, allUnits: true, option: 'C' }])).toMatchObject({ saved: 2 });
  });

  it('refuses questions of another form and units outside the form', async () => {
    const respondentId = await session(codes[1]!.code);
    const other = await questionIds('LD_SO');
    const mine = await questionIds('LD_HUYEN');
    const error = await saveAnswers(database.db, respondentId, [
      { questionId: other.C1!, unitCode: 'SNV', option: 'A' },
      { questionId: mine.C1!, unitCode: 'NH', option: 'A' },
    ]).catch((e: unknown) => e);
    expect(error).toMatchObject({
      status: 422,
      errors: [
        { field: 'body.answers[0].questionId', message: 'Câu hỏi này không thuộc phiếu của bạn.' },
        { field: 'body.answers[1].unitCode', message: 'Câu hỏi C1: đơn vị NH không nằm trong danh sách đơn vị được đánh giá của phiếu.' },
      ],
    });
  });

  it('takes one submission per code; after it, nothing changes', async () => {
    const respondentId = await session(codes[1]!.code);
    await expect(submitForm(database.db, respondentId)).rejects.toMatchObject({ status: 422, code: 'EMPTY_FORM' });
    const q = await questionIds('LD_HUYEN');
    await saveAnswers(database.db, respondentId, [{ questionId: q.C3!, unitCode: 'STP', option: 'D' }]);
    const [first, second] = await Promise.allSettled([submitForm(database.db, respondentId), submitForm(database.db, respondentId)]);
    const outcomes = [first, second].map((o) => o.status).sort();
    expect(outcomes).toEqual(['fulfilled', 'rejected']);
    const refused = [first, second].find((o) => o.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ status: 409, code: 'SURVEY_ALREADY_SUBMITTED' });
    expect((refused.reason as Error).message).toMatch(/^Phiếu số 3 đã được nộp lúc \d{2}:\d{2} \d{2}\/\d{2}\/\d{4}; mỗi mã chỉ nộp một lần/);
    await expect(saveAnswers(database.db, respondentId, [{ questionId: q.C3!, unitCode: 'STP', option: 'A' }])).rejects.toMatchObject({ status: 409, code: 'SURVEY_ALREADY_SUBMITTED' });
    const answers = await database.db.surveyAnswer.findMany({ where: { respondentId } });
    expect(answers.map((a) => a.option)).toEqual(['D']);
    const audit = await database.db.auditEntry.findMany({ where: { action: 'survey.submit' } });
    expect(audit.map((e) => [e.actor, e.after])).toEqual([['phieu-3', { answers: 1, via: 'online' }]]);
  });

  it('closes at the end of the deadline day in Vietnam, and when the year has moved on', async () => {
    const respondentId = await session(codes[0]!.code);
    const q = await questionIds('LD_HUYEN');
    const entry = [{ questionId: q.C2!, unitCode: 'SNV', option: 'A' as const }];
    const lastMoment = Date.parse('2099-03-31T16:59:59.999Z');
    await expect(saveAnswers(database.db, respondentId, entry, lastMoment)).resolves.toMatchObject({ saved: 1 });
    const closed = await saveAnswers(database.db, respondentId, entry, lastMoment + 1).catch((e: unknown) => e);
    expect(closed).toMatchObject({ status: 409, code: 'SURVEY_CLOSED', title: 'Điều tra xã hội học đã kết thúc' });
    expect((closed as Error).message).toBe('Điều tra xã hội học năm 2023 đã kết thúc lúc 23:59 31/03/2099; không nhận thêm câu trả lời.');
    await expect(submitForm(database.db, respondentId, lastMoment + 1)).rejects.toMatchObject({ code: 'SURVEY_CLOSED' });

    await database.db.year.update({ where: { year: YEAR }, data: { status: 'survey_closed' } });
    await expect(saveAnswers(database.db, respondentId, entry)).rejects.toMatchObject({ code: 'SURVEY_CLOSED' });
    await database.db.year.update({ where: { year: YEAR }, data: { status: 'setup' } });
    await expect(saveAnswers(database.db, respondentId, entry)).rejects.toMatchObject({ status: 409, code: 'SURVEY_NOT_OPEN' });
    await database.db.year.update({ where: { year: YEAR }, data: { status: 'running' } });
  });

  it('replaces a lost code: the old one stops working, the answers stay', async () => {
    const before = await database.db.surveyAnswer.count({ where: { respondent: { serial: 2 } } });
    const oldToken = (await openSurveySession(database.db, codes[0]!.code, 60)).token;
    const { code } = await reissueCode(database.db, ACTOR, YEAR, 2);
    await expect(openSurveySession(database.db, codes[0]!.code, 60)).rejects.toMatchObject({ status: 401 });
    await expect(respondentOfToken(database.db, oldToken)).rejects.toMatchObject({ status: 401 });
    const form = await respondentForm(database.db, await session(code));
    expect(form.answers).toHaveLength(before);
    await expect(reissueCode(database.db, ACTOR, YEAR, 3)).rejects.toMatchObject({ status: 409, code: 'SURVEY_ALREADY_SUBMITTED' });
  });
});
