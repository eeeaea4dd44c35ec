import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { buildWeb } from '../../web/build';
import { smallCriteriaSet } from '../fixtures/small-criteria-set';
import { seedOrg } from '../support/org';
import { eventually, startTestSystem, type TestSystem } from '../support/system';
import { launchBrowser, newContext, SCREENSHOTS } from './browser';

/**
 * A survey respondent in real Chromium: the link of an invitation e-mail (#/khao-sat?ma=…) opens
 * their form, answers save as they are given, the form is left and resumed with the same code, and
 * submitted once.
 */
const YEAR = 2023;
const GROUP = 'SO_NGANH';

describe('survey form in the browser', () => {
  let sys: TestSystem;
  let browser: Browser;
  let secretariat: string;
  let code: string;

  beforeAll(async () => {
    const built = buildWeb();
    sys = await startTestSystem();
    await seedOrg(sys.database.db, { groups: [{ code: GROUP, name: 'Các sở, ban, ngành', units: ['SNV', 'STP', 'STC'] }], users: [{ username: 'sonoivu', role: 'secretariat' }] });
    secretariat = await sys.http.login('sonoivu');
    const call = async (method: string, url: string, body?: unknown) => {
      const res = await sys.http.request(method, `/api/v1${url}`, { token: secretariat, ...(body !== undefined ? { body } : {}) });
      expect(res.status).toBeLessThan(300);
      return res.body;
    };
    // The survey closes in two days (Vietnam date), so it is open once the year starts.
    const close = new Date(Date.now() + 7 * 3600_000 + 2 * 86400_000).toISOString().slice(0, 10);
    await call('POST', '/years', {
      year: YEAR,
      title: 'Chỉ số CCHC năm 2023',
      config: { deadlines: { selfAssessment: '2099-03-31', surveyClose: close, appraisalRound1: '2099-04-15', appraisalRound2: '2099-04-30', reportToChair: '2099-05-10' }, reminderDaysBefore: [7, 1], explanationWindowDays: 5, disputeRounds: 1 },
    });
    await call('PUT', `/years/${YEAR}/criteria-sets/${GROUP}`, smallCriteriaSet(YEAR, GROUP));
    await call('PUT', `/years/${YEAR}/surveys/respondent-groups/LD_HUYEN`, { name: 'Lãnh đạo UBND huyện, thành phố', order: 1 });
    await call('PUT', `/years/${YEAR}/surveys/respondent-groups/LD_HUYEN/questionnaires/${GROUP}`, {
      title: 'Phiếu lãnh đạo UBND huyện đánh giá các sở, ban, ngành',
      questions: [
        { code: 'C1', text: 'Thủ tục hành chính của cơ quan được giải quyết nhanh chóng, đúng hẹn?', leafCode: '2.1.2' },
        { code: 'C2', text: 'Cán bộ, công chức của cơ quan có thái độ phục vụ tận tình?', leafCode: '2.1.2' },
      ],
    });
    code = (await call('POST', `/years/${YEAR}/surveys/codes`, { respondentGroup: 'LD_HUYEN', count: 1, unitCode: null })).codes[0].code;
    await call('POST', `/years/${YEAR}/start`, {});
    await eventually(async () => ((await sys.http.request('GET', `/api/v1/years/${YEAR}/surveys/progress`, { token: secretariat })).body.state === 'open' ? true : undefined), 'the survey opened');
    await built;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await sys?.close();
  });

  it('opens the form from the invitation link, saves as answered, resumes with the code and submits once', async () => {
    const context = await newContext(browser, { viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));

    await page.goto(`${sys.baseUrl}/#/khao-sat?ma=${encodeURIComponent(code)}`);
    await page.getByRole('heading', { level: 1, name: `Phiếu điều tra xã hội học năm ${YEAR}` }).waitFor();
    // The code is read once and does not stay in the address bar.
    expect(page.url()).not.toContain(code);
    await page.getByText('Đã trả lời 0/6 ô').waitFor();
    await page.getByLabel('Trả lời như nhau cho mọi đơn vị ở câu C1').selectOption('B');
    await page.getByRole('radio', { name: 'Đơn vị STP: A – Rất tốt' }).nth(1).check();
    await page.getByText(/Đã lưu lúc/).waitFor();
    await page.getByText('Đã trả lời 4/6 ô').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'survey-form.png'), fullPage: true });
    await page.getByRole('button', { name: 'Lưu và thoát' }).click();
    await page.getByLabel('Mã trả lời phiếu').waitFor();

    // Resumed with the same code: the answers are there.
    await page.getByLabel('Mã trả lời phiếu').fill(code);
    await page.getByRole('button', { name: 'Mở phiếu' }).click();
    await page.getByText('Đã trả lời 4/6 ô').waitFor();
    expect(await page.getByRole('radio', { name: 'Đơn vị SNV: B – Tốt' }).first().isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Nộp phiếu' }).click();
    const confirm = page.getByRole('dialog', { name: 'Nộp phiếu' });
    await confirm.getByText('Còn 2 ô chưa trả lời; các ô này không được tính.').waitFor();
    await confirm.getByRole('button', { name: 'Nộp phiếu' }).click();
    await page.getByRole('heading', { level: 1, name: 'Đã nộp phiếu' }).waitFor();

    const progress = (await sys.http.request('GET', `/api/v1/years/${YEAR}/surveys/progress`, { token: secretariat })).body;
    expect(progress.byGroup[0]).toMatchObject({ code: 'LD_HUYEN', forms: 1, submitted: 1, online: 1 });
    // The code opens nothing more to change.
    await page.goto(`${sys.baseUrl}/#/khao-sat?ma=${encodeURIComponent(code)}`);
    await page.getByText(/Phiếu đã nộp lúc/).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });
});
