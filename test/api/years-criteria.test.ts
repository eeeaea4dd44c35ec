import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Workbook } from 'exceljs';
import { smallCriteriaSet } from '../fixtures/small-criteria-set';
import { eventually } from '../support/system';
import { startApiSystem, type ApiSystem } from './support/api-system';
import { GROUP, openConfig, seedScenario, YEAR } from './support/scenario';
import { databaseFingerprint } from './support/snapshot';

/**
 * Set-up by Sở Nội vụ over HTTP: years and their configuration, criteria sets imported and exported
 * as JSON and Excel (a bad sheet is refused whole, with sheet/row/column), copied to the next year,
 * frozen once the year starts; unit groups and units.
 */
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('years, configuration, criteria sets, units', () => {
  let api: ApiSystem;
  let admin: string;
  const req = (method: string, path: string, body?: unknown, token = admin) => api.http.request(method, `/api/v1${path}`, { token, ...(body !== undefined ? { body } : {}) });
  const xlsxOf = async (path: string) => {
    const res = await fetch(`${api.baseUrl}/api/v1${path}`, { headers: { authorization: `Bearer ${admin}` } });
    return { res, bytes: Buffer.from(await res.arrayBuffer()) };
  };
  const putXlsx = (path: string, bytes: Buffer) => api.http.request('PUT', `/api/v1${path}`, { token: admin, raw: bytes, headers: { 'content-type': XLSX } });

  beforeAll(async () => {
    api = await startApiSystem();
    await seedScenario(api.sys.database.db);
    admin = await api.http.login('sonoivu');
  });
  afterAll(async () => {
    await api?.close();
  });

  it('creates a year with the directive’s deadlines by default, shown as dd/mm/yyyy in Vietnam', async () => {
    const res = await req('POST', '/years', { year: YEAR, title: 'Chỉ số CCHC năm 2023 của tỉnh Tuyên Quang' });
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe(`/api/v1/years/${YEAR}`);
    expect(res.body.config.deadlines).toMatchObject({ selfAssessment: '2024-03-31', reportToChair: '2024-05-10' });
    expect(res.body.deadlines.selfAssessment).toEqual({ date: '2024-03-31', display: '31/03/2024', endsAt: '2024-03-31T16:59:59.999Z' });
    expect(res.body).toMatchObject({ status: 'setup', statusLabel: 'Đang chuẩn bị', assessments: 0 });
    expect((await req('POST', '/years', { year: YEAR, title: 'Trùng' })).body).toMatchObject({ status: 409, code: 'YEAR_EXISTS' });
    expect((await req('POST', '/years', { year: '2024', title: 'Năm là chuỗi' })).status).toBe(422);
    expect((await req('GET', '/years', undefined, await api.http.login('snv.canbo'))).body.items.map((y: any) => y.year)).toEqual([YEAR]);
  });

  it('validates a year’s configuration through the domain and keeps percentages as decimals', async () => {
    const bad = await req('PATCH', `/years/${YEAR}`, { config: { ...openConfig, deadlines: { ...openConfig.deadlines, appraisalRound1: '2099-03-01' } } });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: any) => e.field)).toContain('body.config.deadlines.appraisalRound1');
    const bands = await req('PATCH', `/years/${YEAR}`, { config: { ...openConfig, classification: [{ code: 'A', label: 'Xuất sắc', minIndex: 80 }, { code: 'B', label: 'Tốt', minIndex: 90 }] } });
    expect(bands.body).toMatchObject({ status: 422, code: 'YEAR_CONFIG_INVALID' });
    expect((await req('PATCH', `/years/${YEAR}`, { config: { ...openConfig, scoring: { surveyWeights: { A: 120 } } } })).status).toBe(422);
    expect((await req('PATCH', `/years/${YEAR}`, { config: { ...openConfig, deadlines: { ...openConfig.deadlines, selfAssessment: '2099-02-30' } } })).status).toBe(422);
    expect((await req('PATCH', `/years/${YEAR}`, {})).status).toBe(422);

    const config = {
      ...openConfig,
      classification: [
        { code: 'A', label: 'Xuất sắc', minIndex: 90 },
        { code: 'B', label: 'Tốt', minIndex: 80.5 },
        { code: 'C', label: 'Chưa đạt', minIndex: 0 },
      ],
      scoring: { surveyWeights: { A: 100, B: 60, C: 20, D: 0 }, noSurveyData: 'exclude' },
    };
    const ok = await req('PATCH', `/years/${YEAR}`, { config });
    expect(ok.status).toBe(200);
    expect(ok.body.config).toEqual(config);
    const stored = await api.sys.database.db.year.findUniqueOrThrow({ where: { year: YEAR } });
    expect((stored.config as any).classification[1].minIndex).toBe(8050);
  });

  it('imports a criteria set as JSON, refuses a broken one whole, and exports it back', async () => {
    const set = smallCriteriaSet(YEAR, GROUP);
    const db = api.sys.database.db;
    const broken = { ...set, nodes: [{ ...(set.nodes as any[])[0], max: 999 }, (set.nodes as any[])[1]] };
    const before = await databaseFingerprint(db);
    const refused = await req('PUT', `/years/${YEAR}/criteria-sets/${GROUP}`, broken);
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('CRITERIA_SET_INVALID');
    expect(refused.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'body.node(1).max', nodeCode: '1' }), expect.objectContaining({ field: 'body.scale' })]));
    expect((await req('PUT', `/years/${YEAR}/criteria-sets/${GROUP}`, { ...set, year: 2024 })).body.code).toBe('CRITERIA_SET_MISMATCH');
    expect((await req('PUT', `/years/${YEAR}/criteria-sets/KHONGCO`, { ...set, groupCode: 'KHONGCO' })).status).toBe(404);
    expect((await req('PUT', `/years/${YEAR}/criteria-sets/${GROUP}`, { ...set, extra: '<script>' })).status).toBe(422);
    expect(await databaseFingerprint(db)).toEqual(before);

    const saved = await req('PUT', `/years/${YEAR}/criteria-sets/${GROUP}`, set);
    expect(saved.body).toMatchObject({ year: YEAR, groupCode: GROUP, scale: 10, sample: true, created: true });
    expect((await req('PUT', `/years/${YEAR}/criteria-sets/${GROUP}`, set)).body.created).toBe(false);
    const exported = await req('GET', `/years/${YEAR}/criteria-sets/${GROUP}`, undefined, await api.http.login('lanhdao'));
    expect(exported.body).toEqual(set);
    expect((await req('GET', `/years/${YEAR}/criteria-sets`)).body.items).toEqual([expect.objectContaining({ groupCode: GROUP, groupName: 'Các sở, ban, ngành' })]);
  });

  it('exports Excel and imports it back; a bad sheet is refused with its row and column, nothing half-imported', async () => {
    const path = `/years/${YEAR}/criteria-sets/${GROUP}/xlsx`;
    const { res, bytes } = await xlsxOf(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(XLSX);
    expect(res.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent(`Bộ tiêu chí ${GROUP} năm ${YEAR}.xlsx`)}`);
    const back = await putXlsx(path, bytes);
    expect(back.status).toBe(200);
    expect((await req('GET', `/years/${YEAR}/criteria-sets/${GROUP}`)).body).toEqual(smallCriteriaSet(YEAR, GROUP));

    const wb = new Workbook();
    await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    const sheet = wb.getWorksheet('Tiêu chí')!;
    let row = 0;
    sheet.eachRow((r, n) => {
      if (r.getCell(1).text === '1.1.1') row = n;
    });
    sheet.getCell(`C${row}`).value = 'ba điểm';
    const broken = Buffer.from(await wb.xlsx.writeBuffer());
    const db = api.sys.database.db;
    const before = await databaseFingerprint(db);
    const refused = await putXlsx(path, broken);
    expect(refused.status).toBe(422);
    expect(refused.body.errors[0]).toMatchObject({ sheet: 'Tiêu chí', row, column: 'C', field: `Tiêu chí!C${row}` });
    expect(refused.body.errors[0].message).toMatch(new RegExp(`^Dòng ${row}, cột C`));
    expect((await putXlsx(path, Buffer.from('không phải tệp Excel'))).body).toMatchObject({ status: 422, errors: [{ message: 'Tệp không phải là tệp Excel .xlsx hợp lệ.' }] });
    expect((await putXlsx(path, Buffer.alloc(6 * 1024 * 1024))).status).toBe(413);
    expect((await api.http.request('PUT', `/api/v1${path}`, { token: admin, body: { nodes: [] } })).status).toBe(415);
    expect(await databaseFingerprint(db)).toEqual(before);
  });

  it('copies a set to the next year, only into a year in set-up and only over an existing set when asked', async () => {
    const copy = (body: unknown) => req('POST', `/years/${YEAR}/criteria-sets/${GROUP}/copy`, body);
    expect((await copy({ toYear: 2024 })).status).toBe(404);
    await req('POST', '/years', { year: 2024, title: 'Chỉ số CCHC năm 2024' });
    expect((await copy({ toYear: YEAR })).status).toBe(422);
    const copied = await copy({ toYear: 2024 });
    expect(copied.status).toBe(201);
    expect(copied.body).toMatchObject({ year: 2024, groupCode: GROUP, title: `Bộ tiêu chí thử nghiệm ${GROUP} năm 2024` });
    expect((await copy({ toYear: 2024 })).body).toMatchObject({ status: 409, code: 'CRITERIA_SET_EXISTS' });
    expect((await copy({ toYear: 2024, replace: true, title: 'Bộ tiêu chí chính thức 2024', sample: false })).body).toMatchObject({ title: 'Bộ tiêu chí chính thức 2024', sample: false });
    const next = await req('GET', `/years/2024/criteria-sets/${GROUP}`);
    expect(next.body.nodes).toEqual(smallCriteriaSet(YEAR, GROUP).nodes);
  });

  it('manages unit groups and units; a unit’s own people see only their unit', async () => {
    expect((await req('POST', '/unit-groups', { code: 'XA', name: 'UBND xã, phường', order: 3 })).status).toBe(201);
    expect((await req('POST', '/unit-groups', { code: 'XA', name: 'Trùng' })).body).toMatchObject({ status: 409, code: 'GROUP_EXISTS' });
    expect((await req('POST', '/unit-groups', { code: 'xa thuong', name: 'Sai mã' })).status).toBe(422);
    const unit = await req('POST', '/units', { code: 'XA_TRUNG_MON', name: 'UBND xã Trung Môn', groupCode: 'XA', email: 'trungmon@tuyenquang.gov.vn' });
    expect(unit.status).toBe(201);
    expect(unit.body).toEqual({ code: 'XA_TRUNG_MON', name: 'UBND xã Trung Môn', groupCode: 'XA', groupName: 'UBND xã, phường', email: 'trungmon@tuyenquang.gov.vn', active: true });
    expect((await req('POST', '/units', { code: 'XA_2', name: 'X', groupCode: 'KHONGCO' })).status).toBe(422);
    expect((await req('DELETE', '/unit-groups/XA')).body).toMatchObject({ status: 409, code: 'GROUP_IN_USE' });
    expect((await req('PATCH', '/units/XA_TRUNG_MON', { active: false, name: 'UBND xã Trung Môn (cũ)' })).body).toMatchObject({ active: false, name: 'UBND xã Trung Môn (cũ)' });

    const page = await req('GET', '/units?groupCode=SO_NGANH&sort=-code');
    expect(page.body.items.map((u: any) => u.code)).toEqual(['STP', 'SNV']);
    expect((await req('GET', `/units?q=${encodeURIComponent('trung môn')}`)).body.items.map((u: any) => u.code)).toEqual(['XA_TRUNG_MON']);
    const officer = await api.http.login('snv.canbo');
    expect((await req('GET', '/units', undefined, officer)).body.items.map((u: any) => u.code)).toEqual(['SNV']);
    expect((await req('GET', '/units/STP', undefined, officer)).status).toBe(403);
    expect((await req('GET', '/unit-groups')).body.items.map((g: any) => [g.code, g.units])).toEqual([
      ['SO_NGANH', 2],
      ['XA', 1],
    ]);
  });

  it('freezes the criteria sets and the configuration once the year has started', async () => {
    expect((await req('POST', `/years/${YEAR}/start`)).status).toBe(202);
    // Frozen from the moment of the start, before the workflow reports the year running.
    expect((await req('PUT', `/years/${YEAR}/criteria-sets/${GROUP}`, smallCriteriaSet(YEAR, GROUP))).body).toMatchObject({ status: 409, code: 'YEAR_STARTED' });
    await eventually(async () => ((await req('GET', `/years/${YEAR}`)).body.status === 'running' ? true : undefined), 'year running');
    expect((await req('POST', `/years/${YEAR}/start`)).body).toMatchObject({ status: 409, code: 'ALREADY_STARTED' });
    expect((await req('PUT', `/years/${YEAR}/criteria-sets/${GROUP}`, smallCriteriaSet(YEAR, GROUP))).body).toMatchObject({ status: 409, code: 'YEAR_STARTED' });
    expect((await req('PATCH', `/years/${YEAR}`, { config: openConfig })).body).toMatchObject({ status: 409, code: 'YEAR_STARTED' });
    expect((await req('PATCH', `/years/${YEAR}`, { title: 'Chỉ số CCHC năm 2023 (đã khởi động)' })).status).toBe(200);
  });
});
