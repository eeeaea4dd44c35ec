import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createSurveyActivities } from '../../activities/surveys';
import { startYear } from '../../services/start-year';
import { defaultYearConfig, deadlineInstants } from '../../domain/year-config';
import { saveAnswers } from '../../services/surveys/answers';
import { registerRespondents, sendInvitations } from '../../services/surveys/respondents';
import { verifySurveyScores } from '../../services/surveys/scores';
import { openSurveySession, respondentOfToken } from '../../services/surveys/sessions';
import { eventually } from '../support/system';
import { startTimeSkippingYear, type TimeSkippingYear } from '../support/time-skipping';
import { ACTOR, seedSurveyOrg, surveyYear, YEAR } from './fixtures';
import { activityDeps, answerForm } from './worked-example';

/**
 * The survey of the 2023 assessment closes at the end of 31/03/2024 (Vietnam time): the cycle
 * workflow's timer fires on the time-skipping server, the year moves to `survey_closed`, answers are
 * refused from then on, reminders went out before it to those who had not answered, and the survey
 * points are frozen.
 */
describe('closing the survey at its deadline (31/03/2024) on the time-skipping server', () => {
  let y: TimeSkippingYear;
  const march = (day: number) => Date.parse(`2024-03-${String(day).padStart(2, '0')}T03:00:00Z`);
  const deadline = deadlineInstants(defaultYearConfig(YEAR).deadlines).surveyClose;

  beforeAll(async () => {
    y = await startTimeSkippingYear('2024-03-01 00:00:00');
    await seedSurveyOrg(y.db);
    await surveyYear(y.db, { config: defaultYearConfig(YEAR) });
  });
  afterAll(async () => {
    await y?.close();
  });

  it('takes answers until the deadline, reminds those who have not answered, then refuses and freezes the points', async () => {
    const { db, smtp, env, taskQueue } = y;
    const deps = activityDeps(db, smtp.port);
    await registerRespondents(
      db,
      ACTOR,
      YEAR,
      [
        { respondentGroup: 'LD_HUYEN', fullName: 'Hoàng Văn Cường', email: 'cuong@lb.example', unitCode: 'LB' },
        { respondentGroup: 'LD_HUYEN', fullName: 'Lý Thị Dung', email: 'dung@nh.example', unitCode: 'NH' },
      ],
      march(2),
    );
    expect(await sendInvitations(db, deps.mailer, ACTOR, YEAR, deps.publicUrl, undefined, march(2))).toEqual({ sent: [1, 2], failed: [] });
    const invitations = await smtp.waitFor((mails) => mails.filter((m) => m.subject?.includes('Thư mời tham gia điều tra xã hội học')).length === 2);
    const codeFor = (email: string) => /Mã trả lời phiếu của Ông\/Bà: ([A-Z0-9-]{14})/.exec(invitations.find((m) => (m.to as { text: string }).text === email)!.text!)![1]!;
    expect(invitations[0]!.text).toContain('Hạn trả lời: hết ngày 31/03/2024');

    await startYear(db, env.client, taskQueue, YEAR, 'sonoivu');
    await eventually(async () => ((await db.year.findUnique({ where: { year: YEAR } }))?.status === 'running' ? true : undefined), 'the cycle opened the year');
    const assessments = await db.assessment.findMany({ include: { unit: true } });
    expect(assessments.length).toBe(5);

    // 10/03/2024: the first respondent answers and submits; the second only saves a draft.
    await answerForm(db, codeFor('cuong@lb.example'), { SNV: { C1: 'A', C2: 'B', C3: 'A' } }, march(10));
    const second = await respondentOfToken(db, (await openSurveySession(db, codeFor('dung@nh.example'), 60, march(10))).token, march(10));
    const c1 = (await db.surveyQuestion.findFirstOrThrow({ where: { code: 'C1', questionnaire: { respondentGroup: { code: 'LD_HUYEN' } } } })).id;
    await saveAnswers(db, second, [{ questionId: c1, unitCode: 'SNV', option: 'C' }], march(10));

    // The cycle's timers: a month passes on the server's clock, with reminders on 24/03 and 30/03.
    await env.sleep('31 days');
    await eventually(async () => ((await db.year.findUnique({ where: { year: YEAR } }))?.status === 'survey_closed' ? true : undefined), 'the cycle closed the survey');
    const closure = await db.auditEntry.findFirstOrThrow({ where: { action: 'year.status', after: { equals: { status: 'survey_closed' } } } });
    expect(closure.at.getTime() - deadline).toBeGreaterThan(0);
    expect(closure.at.getTime() - deadline).toBeLessThan(1000);

    // Refused from now on, whatever clock the caller has: the year's status says so.
    await expect(saveAnswers(db, second, [{ questionId: c1, unitCode: 'SNV', option: 'A' }], march(20))).rejects.toMatchObject({ status: 409, code: 'SURVEY_CLOSED' });
    await expect(saveAnswers(db, second, [{ questionId: c1, unitCode: 'SNV', option: 'A' }], deadline + 1)).rejects.toMatchObject({ status: 409, code: 'SURVEY_CLOSED' });

    // The cycle reminded the one respondent who had not submitted, 7 days and 1 day before, once each,
    // without the code; a reminder asked for after the close has nobody to go to.
    const isReminder = (subject?: string) => subject?.startsWith('[Chỉ số CCHC 2023] Nhắc trả lời phiếu') ?? false;
    const reminders = (await smtp.waitFor((mails) => mails.filter((m) => isReminder(m.subject)).length >= 2)).filter((m) => isReminder(m.subject));
    expect(reminders.map((m) => (m.to as { text: string }).text)).toEqual(['dung@nh.example', 'dung@nh.example']);
    expect(new Set(reminders.map((m) => m.messageId)).size).toBe(2);
    expect(reminders[0]!.subject).toBe('[Chỉ số CCHC 2023] Nhắc trả lời phiếu điều tra xã hội học trước ngày 31/03/2024');
    for (const m of reminders) expect(m.text).not.toContain(codeFor('dung@nh.example'));
    const activities = createSurveyActivities(deps);
    expect(await activities.remindSurveyRespondents({ workflowId: 'par/2023', year: YEAR, daysBefore: 1, at: deadline + 1 })).toEqual({ sent: 0, alreadySent: 0 });

    // Survey close: each unit's workflow froze its points (the draft of the second respondent does not count).
    const snv = assessments.find((a) => a.unit.code === 'SNV')!;
    const frozen = () => db.leafScore.findMany({ where: { assessmentId: snv.id, leafCode: { in: ['2.1.1', '2.1.2'] } }, orderBy: { leafCode: 'asc' } });
    const rows = await eventually(async () => {
      const found = await frozen();
      return found.length === 2 && found.every((r) => r.surveyScore !== null) ? found : undefined;
    }, 'the unit workflow froze its survey points');
    // 2.1.1: A, B → 80% of 2,00 = 1,60; 2.1.2: A → 1,50.
    expect(rows.map((r) => [r.leafCode, r.surveyInput, r.surveyScore])).toEqual([
      ['2.1.1', { survey: { A: 1, B: 1 } }, 160],
      ['2.1.2', { survey: { A: 1 } }, 150],
    ]);
    expect(await verifySurveyScores(db, YEAR)).toEqual({ checked: 10, mismatches: [] });
  });
});
