import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Workbook } from 'exceljs';
import { verifyAuditChain } from '../../lib/audit';
import { startApiSystem, type ApiSystem } from '../api/support/api-system';
import { seedOrg } from '../support/org';
import { eventually } from '../support/system';
import { DEPARTMENTS, DISTRICTS, surveySet, YEAR } from './fixtures';
import { EXAMPLE_FORMS, type Answers } from './worked-example';

/**
 * A year's survey end to end through the HTTP API, against the real database, Temporal and SMTP:
 * Sở Nội vụ designs it, hands out codes and invitations, respondents answer and submit with their
 * own tokens, a paper form is typed in, the satisfaction results are imported and re-imported, and
 * the points show in the report, the unit's score sheet and the ranking — the worked example of
 * docs/surveys.md.
 */
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('a year’s survey through the API', () => {
  let api: ApiSystem;
  let tokens: Record<string, string>;
  const codes: string[] = [];

  /** The survey closes in two days (Vietnam date), so it is open now and the cycle waits for it. */
  const closeDate = new Date(Date.now() + 7 * 3600_000 + 2 * 86400_000).toISOString().slice(0, 10);

  beforeAll(async () => {
    api = await startApiSystem();
    await seedOrg(api.sys.database.db, {
      groups: [
        { code: 'SO_NGANH', name: 'Sở, ban, ngành', units: DEPARTMENTS },
        { code: 'HUYEN', name: 'UBND huyện, thành phố', units: DISTRICTS },
      ],
      users: [
        { username: 'sonoivu', role: 'secretariat' },
        { username: 'chutich', role: 'chair' },
      ],
    });
    tokens = {};
    for (const u of ['sonoivu', 'chutich', 'snv.canbo', 'stp.canbo', 'stc.canbo']) tokens[u] = await api.http.login(u);
  });
  afterAll(async () => {
    await api?.close();
  });

  const as = (user: string) => ({
    get: (path: string) => api.http.request('GET', `/api/v1${path}`, { token: tokens[user] }),
    put: (path: string, body: unknown) => api.http.request('PUT', `/api/v1${path}`, { token: tokens[user], body }),
    post: (path: string, body?: unknown) => api.http.request('POST', `/api/v1${path}`, { token: tokens[user], ...(body !== undefined ? { body } : {}) }),
    upload: (path: string, file: Buffer) => api.http.request('POST', `/api/v1${path}`, { token: tokens[user], headers: { 'content-type': XLSX }, raw: file }),
  });
  const snv = as('sonoivu');
  const respondent = (token?: string) => ({
    request: (method: string, path: string, body?: unknown) =>
      api.http.request(method, `/api/v1${path}`, { headers: token ? { 'x-survey-token': token } : {}, ...(body !== undefined ? { body } : {}) }),
  });
  const signIn = async (code: string) => {
    const res = await api.http.request('POST', '/api/v1/survey/session', { body: { code } });
    expect(res.status).toBe(200);
    return respondent(res.body.token as string);
  };
  const entries = (form: any, answers: Answers) => {
    const ids = new Map<string, string>(form.questionnaires.flatMap((q: any) => q.questions.map((x: any) => [x.code, x.id])));
    return Object.entries(answers).flatMap(([unitCode, cells]) => Object.entries(cells).map(([code, option]) => ({ questionId: ids.get(code)!, unitCode, option })));
  };
  const download = async (path: string) => {
    const res = await fetch(`${api.baseUrl}/api/v1${path}`, { headers: { authorization: `Bearer ${tokens.sonoivu}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(XLSX);
    const wb = new Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    return wb;
  };

  it('sets up the year and designs the survey, refusing an invalid questionnaire by question and leaf', async () => {
    const created = await snv.post('/years', {
      year: YEAR,
      title: 'Chỉ số CCHC năm 2023',
      config: {
        deadlines: { selfAssessment: '2099-03-31', surveyClose: closeDate, appraisalRound1: '2099-04-15', appraisalRound2: '2099-04-30', reportToChair: '2099-05-10' },
        reminderDaysBefore: [7, 1],
        explanationWindowDays: 5,
        disputeRounds: 1,
      },
    });
    expect(created.status).toBe(201);
    for (const group of ['SO_NGANH', 'HUYEN']) expect((await snv.put(`/years/${YEAR}/criteria-sets/${group}`, surveySet(YEAR, group))).status).toBe(200);
    expect((await snv.put(`/years/${YEAR}/surveys/respondent-groups/LD_HUYEN`, { name: 'Lãnh đạo UBND huyện, thành phố', order: 1 })).status).toBe(200);
    expect((await snv.put(`/years/${YEAR}/surveys/respondent-groups/LD_SO`, { name: 'Lãnh đạo các sở, ban, ngành', order: 2 })).status).toBe(200);

    const bad = await snv.put(`/years/${YEAR}/surveys/respondent-groups/LD_HUYEN/questionnaires/SO_NGANH`, {
      title: 'Phiếu lãnh đạo huyện đánh giá các sở',
      questions: [
        { code: 'C1', text: 'Người đứng đầu cơ quan chỉ đạo CCHC sát sao, kịp thời?', leafCode: '2.1.1' },
        { code: 'C2', text: 'Kế hoạch CCHC được triển khai đầy đủ?', leafCode: '1.1.1' },
        { code: 'C3', text: 'Thái độ phục vụ của cán bộ, công chức?' },
      ],
    });
    expect(bad.status).toBe(422);
    expect(bad.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(bad.body).toMatchObject({ title: 'Dữ liệu không hợp lệ', code: 'QUESTIONNAIRE_INVALID', detail: 'Phiếu khảo sát của nhóm LD_HUYEN về nhóm đơn vị SO_NGANH chưa hợp lệ (2 lỗi).' });
    expect(bad.body.errors.map((e: any) => e.field)).toEqual(['body.questions[1].leafCode', 'body.questions[2].leafCode']);
    expect(bad.body.errors[0].message).toContain('Câu hỏi C2 gắn với Tiêu chí thành phần 1.1.1 (“Ban hành kế hoạch CCHC năm”)');
    expect(bad.body.errors[1].message).toContain('Câu hỏi C3 chưa được gắn với tiêu chí nào');

    const questions = [
      { code: 'C1', text: 'Người đứng đầu cơ quan chỉ đạo CCHC sát sao, kịp thời?', leafCode: '2.1.1' },
      { code: 'C2', text: 'Kế hoạch CCHC của cơ quan được triển khai đầy đủ?', leafCode: '2.1.1' },
      { code: 'C3', text: 'Cán bộ, công chức của cơ quan có thái độ phục vụ tận tình?', leafCode: '2.1.2' },
    ];
    for (const group of ['LD_HUYEN', 'LD_SO']) {
      const saved = await snv.put(`/years/${YEAR}/surveys/respondent-groups/${group}/questionnaires/SO_NGANH`, { title: `Phiếu ${group} đánh giá các sở`, questions });
      expect(saved.status).toBe(200);
      expect(saved.body.questions.map((q: any) => q.leafCode)).toEqual(['2.1.1', '2.1.1', '2.1.2']);
    }
    const design = await as('chutich').get(`/years/${YEAR}/surveys`);
    expect(design.status).toBe(200);
    expect(design.body.respondentGroups.map((g: any) => [g.code, g.questionnaires.map((q: any) => q.targetGroup)])).toEqual([
      ['LD_HUYEN', ['SO_NGANH']],
      ['LD_SO', ['SO_NGANH']],
    ]);
    expect(design.body.unfedLeaves.map((l: any) => `${l.groupCode}:${l.leafCode}`)).toEqual(['HUYEN:2.1.1', 'HUYEN:2.1.2']);
    expect((await as('snv.canbo').get(`/years/${YEAR}/surveys`)).status).toBe(403);

    const mapped = await snv.put(`/years/${YEAR}/satisfaction/mappings`, {
      mappings: [
        { indicator: 'SIPAS', name: 'Chỉ số hài lòng về sự phục vụ hành chính', groupCode: 'SO_NGANH', leafCode: '2.2.1' },
        { indicator: 'SIPAS', name: 'Chỉ số hài lòng về sự phục vụ hành chính', groupCode: 'HUYEN', leafCode: '2.2.1' },
      ],
    });
    expect(mapped.status).toBe(200);
  });

  it('hands out printed codes before the start; answers wait for the year to start', async () => {
    for (const unitCode of ['LB', 'NH', null, null]) {
      const res = await snv.post(`/years/${YEAR}/surveys/codes`, { respondentGroup: 'LD_HUYEN', count: 1, unitCode });
      expect(res.status).toBe(201);
      expect(res.headers.get('cache-control')).toBe('no-store');
      codes.push(res.body.codes[0].code);
    }
    const early = await signIn(codes[0]!);
    const form = (await early.request('GET', '/survey/form')).body;
    expect(form.state).toBe('not_started');
    const refused = await early.request('PUT', '/survey/answers', { answers: entries(form, { SNV: { C1: 'A' } }) });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'SURVEY_NOT_OPEN', title: 'Điều tra xã hội học chưa bắt đầu' });

    expect((await snv.post(`/years/${YEAR}/start`)).status).toBe(202);
    await eventually(async () => ((await snv.get(`/years/${YEAR}/surveys`)).body.status === 'running' ? true : undefined), 'the cycle opened the year');
  });

  it('invites a named respondent by e-mail with a code of their own', async () => {
    const registered = await snv.post(`/years/${YEAR}/surveys/respondents`, {
      respondents: [{ respondentGroup: 'LD_SO', fullName: 'Nguyễn Văn An', email: 'an.giamdoc@snv.example', unitCode: 'SNV' }],
    });
    expect(registered.status).toBe(201);
    expect(registered.body.items).toEqual([{ serial: 5, respondentGroup: 'LD_SO', fullName: 'Nguyễn Văn An', email: 'an.giamdoc@snv.example', unitCode: 'SNV' }]);
    const sent = await snv.post(`/years/${YEAR}/surveys/invitations`, {});
    expect(sent.body).toEqual({ sent: [5], failed: [] });
    const [mail] = (await api.sys.smtp.waitFor((m) => m.some((x) => x.subject?.includes('Thư mời tham gia điều tra xã hội học')))).filter((x) => x.subject?.includes('Thư mời'));
    expect(mail!.text).toContain('Kính gửi Nguyễn Văn An');
    expect(mail!.text).toContain(`Hạn trả lời: hết ngày ${closeDate.split('-').reverse().join('/')}`);
    codes.push(/Mã trả lời phiếu của Ông\/Bà: ([A-Z0-9-]{14})/.exec(mail!.text!)![1]!);
    const listed = await snv.get(`/years/${YEAR}/surveys/respondents?status=sent`);
    expect(listed.body.items.map((r: any) => [r.serial, r.sentVia, r.hasCode])).toEqual([
      [2, 'print', true],
      [3, 'print', true],
      [4, 'print', true],
      [5, 'email', true],
    ]);
    expect(JSON.stringify(listed.body)).not.toContain(codes[4]);
  });

  it('lets each respondent answer, resume and submit once, never about their own unit', async () => {
    // The unit's sheet carries live survey points, so its validator moves when a form is submitted.
    const sheetEtag = async () => (await as('snv.canbo').get(`/years/${YEAR}/units/SNV/score-sheet`)).headers.get('etag');
    const etagBefore = await sheetEtag();

    // The three district leaders of the worked example.
    for (const [i, example] of EXAMPLE_FORMS.entries()) {
      const me = await signIn(codes[i]!);
      const form = (await me.request('GET', '/survey/form')).body;
      expect(form.state).toBe('open');
      expect(form.questionnaires[0].units.map((u: any) => u.code).sort()).toEqual(['SNV', 'STC', 'STP']);
      const saved = await me.request('PUT', '/survey/answers', { answers: entries(form, example.answers) });
      expect(saved.status).toBe(200);
      // Resumed in a new session: the answers are there.
      const again = await signIn(codes[i]!);
      expect((await again.request('GET', '/survey/form')).body.answers).toHaveLength(saved.body.answers);
      const submitted = await again.request('POST', '/survey/submit');
      expect(submitted.status).toBe(200);
      const twice = await again.request('POST', '/survey/submit');
      expect(twice.status).toBe(409);
      expect(twice.body).toMatchObject({ code: 'SURVEY_ALREADY_SUBMITTED', title: 'Phiếu đã được nộp' });
    }

    const etagAfter = await sheetEtag();
    expect(etagAfter).not.toBe(etagBefore);
    const cached = await api.http.request('GET', `/api/v1/years/${YEAR}/units/SNV/score-sheet`, { token: tokens['snv.canbo'], headers: { 'if-none-match': etagBefore! } });
    expect(cached.status).toBe(200);

    // The department leader of SNV: SNV is not on the form and cannot be rated.
    const an = await signIn(codes[4]!);
    const form = (await an.request('GET', '/survey/form')).body;
    expect(form.ownUnit).toEqual({ code: 'SNV', name: 'Đơn vị SNV' });
    expect(form.questionnaires[0].units.map((u: any) => u.code).sort()).toEqual(['STC', 'STP']);
    const self = await an.request('PUT', '/survey/answers', { answers: entries(form, { SNV: { C1: 'A' } }) });
    expect(self.status).toBe(422);
    expect(self.body).toMatchObject({ code: 'SELF_RATING', title: 'Không được tự đánh giá đơn vị mình' });
    const c1 = form.questionnaires[0].questions.find((q: any) => q.code === 'C1').id;
    expect((await an.request('PUT', '/survey/answers', { answers: [{ questionId: c1, allUnits: true, option: 'E' }, ...entries(form, { STC: { C3: 'B' } })] })).body).toEqual({ saved: 3, cleared: 0, answers: 3 });
    expect((await an.request('POST', '/survey/submit')).status).toBe(200);

    // Signing out ends the token; a wrong code and a missing token are refused.
    expect((await an.request('DELETE', '/survey/session')).status).toBe(204);
    expect((await an.request('GET', '/survey/form')).status).toBe(401);
    const wrong = await api.http.request('POST', '/api/v1/survey/session', { body: { code: 'AAAA-BBBB-CCCC' } });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ title: 'Mã trả lời phiếu không đúng', code: 'INVALID_SURVEY_CODE' });
    expect((await respondent().request('GET', '/survey/form')).status).toBe(401);
  });

  it('takes a paper form from the Excel template, refusing a bad file whole', async () => {
    const wb = await download(`/years/${YEAR}/surveys/paper-forms/xlsx`);
    const sheet = wb.getWorksheet('Phiếu giấy')!;
    // Only form 4 is left; it answers about STC only.
    const serials = new Set<number>();
    sheet.eachRow((row, r) => {
      if (r === 1) return;
      serials.add(row.getCell(1).value as number);
      if (row.getCell(3).value === 'STC') row.getCell(7).value = 'A';
    });
    expect([...serials]).toEqual([4]);
    sheet.getCell('G2').value = 'Z';
    const bad = await snv.upload(`/years/${YEAR}/surveys/paper-forms/xlsx`, Buffer.from(await wb.xlsx.writeBuffer()));
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toEqual([{ field: 'file', row: 2, column: 'G', message: 'Dòng 2, cột G: câu trả lời “Z” không hợp lệ; chỉ nhận A, B, C, D, E hoặc để trống.' }]);
    sheet.getCell('G2').value = null;
    const good = await snv.upload(`/years/${YEAR}/surveys/paper-forms/xlsx`, Buffer.from(await wb.xlsx.writeBuffer()));
    expect(good.status).toBe(200);
    expect(good.body).toEqual({ forms: 1, serials: [4], answers: 3 });

    const progress = await as('chutich').get(`/years/${YEAR}/surveys/progress`);
    expect(progress.body.state).toBe('open');
    expect(progress.body.byGroup).toEqual([
      { code: 'LD_HUYEN', name: 'Lãnh đạo UBND huyện, thành phố', forms: 4, sent: 4, opened: 4, submitted: 4, online: 3, paper: 1 },
      { code: 'LD_SO', name: 'Lãnh đạo các sở, ban, ngành', forms: 1, sent: 1, opened: 1, submitted: 1, online: 1, paper: 0 },
    ]);
    // SNV is rated by the four district leaders; the leader from SNV does not rate it.
    expect(progress.body.byUnit.map((u: any) => [u.unitCode, u.forms, u.submitted])).toEqual([
      ['SNV', 4, 4],
      ['STC', 5, 5],
      ['STP', 5, 5],
    ]);
  });

  it('imports the satisfaction results, then re-imports them from Excel in their place', async () => {
    const first = await snv.post(`/years/${YEAR}/satisfaction/imports`, {
      rows: [
        { unitCode: 'SNV', indicator: 'SIPAS', satisfactionPct: 80, sampleSize: 100 },
        { unitCode: 'STP', indicator: 'SIPAS', satisfactionPct: 92, sampleSize: 95 },
      ],
    });
    expect(first.status).toBe(201);
    const bad = await snv.post(`/years/${YEAR}/satisfaction/imports`, { rows: [{ unitCode: 'SNV', indicator: 'SIPAS', satisfactionPct: 85.333, sampleSize: 10 }] });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0]).toMatchObject({ field: 'body.rows.0.satisfactionPct', message: 'Tỷ lệ hài lòng chỉ có tối đa 2 chữ số thập phân' });

    const wb = await download(`/years/${YEAR}/satisfaction/xlsx`);
    const sheet = wb.getWorksheet('Kết quả hài lòng')!;
    sheet.eachRow((row, r) => {
      if (r > 1 && row.getCell(1).value === 'SNV') {
        expect(row.getCell(4).value).toBe(80);
        row.getCell(4).value = 85.3;
        row.getCell(5).value = 120;
      }
    });
    const second = await snv.upload(`/years/${YEAR}/satisfaction/imports/xlsx`, Buffer.from(await wb.xlsx.writeBuffer()));
    expect(second.status).toBe(201);
    expect(second.body).toMatchObject({ rows: 2, replaced: first.body.importId });
    const overview = (await snv.get(`/years/${YEAR}/satisfaction`)).body;
    expect(overview.results.map((r: any) => [r.unitCode, r.satisfactionPct, r.sampleSize])).toEqual([
      ['SNV', 85.3, 120],
      ['STP', 92, 95],
    ]);
    expect(overview.imports).toHaveLength(2);
  });

  it('shows the worked example in the report, the unit’s score sheet and the ranking', async () => {
    // The units' own self-scores: 3 + 2 for SNV and STP, 1,5 + 2 for STC.
    for (const [unit, tiered] of [['SNV', 3], ['STP', 3], ['STC', 1.5]] as const) {
      const officer = as(`${unit.toLowerCase()}.canbo`);
      expect((await officer.put(`/years/${YEAR}/units/${unit}/leaves/1.1.1`, { entry: { points: tiered } })).status).toBe(200);
      expect((await officer.put(`/years/${YEAR}/units/${unit}/leaves/1.1.2`, { entry: { achieved: true } })).status).toBe(200);
    }

    const report = (await as('chutich').get(`/years/${YEAR}/surveys/report?groupCode=SO_NGANH`)).body;
    const snvReport = report.units.find((u: any) => u.unitCode === 'SNV');
    expect(snvReport.survey.map((l: any) => [l.leafCode, l.counts, l.blank, l.valid, l.meanWeight, l.points])).toEqual([
      // 4 forms × 2 questions = 8 asked; 5 answered (one E), 3 blank (one on form 3, two on the paper form).
      ['2.1.1', { A: 2, B: 1, C: 1, D: 0, E: 1 }, 3, 4, 70, 1.4],
      ['2.1.2', { A: 2, B: 0, C: 0, D: 1, E: 0 }, 1, 3, 66.67, 1],
    ]);
    expect(snvReport.satisfaction).toEqual([expect.objectContaining({ leafCode: '2.2.1', indicator: 'SIPAS', satisfactionPct: 85.3, sampleSize: 120, points: 1.28 })]);
    expect(report.consistent).toBe(true);

    const sheet = (await as('snv.canbo').get(`/years/${YEAR}/units/SNV/score-sheet`)).body;
    const row = (code: string) => sheet.rows.find((r: any) => r.code === code);
    expect([row('2.1.1').survey, row('2.1.2').survey, row('2.2.1').survey]).toEqual([1.4, 1, 1.28]);
    expect([sheet.points, sheet.max, sheet.index]).toEqual([8.68, 10, 86.8]);

    const ranking = (await as('chutich').get(`/years/${YEAR}/ranking`)).body;
    const departments = ranking.groups.find((g: any) => g.groupCode === 'SO_NGANH');
    // STC: 3,50 + 2,00 (A, A) + 1,20 (A, B) = 6,70 of 8,50 (no satisfaction result) = 78,82%.
    expect(departments.ranked.map((u: any) => [u.rank, u.unitCode, u.points, u.max, u.index])).toEqual([
      [1, 'SNV', 8.68, 10, 86.8],
      [2, 'STC', 6.7, 8.5, 78.82],
      [3, 'STP', 7.61, 10, 76.1],
    ]);

    const review = (await snv.get(`/years/${YEAR}/surveys/review`)).body;
    expect(review).toMatchObject({ formsReviewed: 5, flags: [] });
    expect((await verifyAuditChain(api.sys.database.db)).ok).toBe(true);
  });
});
