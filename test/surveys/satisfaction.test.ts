import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Workbook } from 'exceljs';
import { verifyAuditChain } from '../../lib/audit';
import { jsonRows } from '../../domain/surveys/satisfaction-rows';
import { importSatisfaction, satisfactionOverview, saveSatisfactionMappings } from '../../services/surveys/satisfaction';
import { parseSatisfactionXlsx, satisfactionTemplate, SATISFACTION_SHEET } from '../../adapters/xlsx/satisfaction';
import { SurveyError } from '../../domain/surveys/errors';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { ACTOR, createAssessments, seedSurveyOrg, surveyYear, YEAR } from './fixtures';

/** Satisfaction survey results: mapping, import from JSON and Excel, atomic re-import, audit. */
describe('satisfaction survey results', () => {
  let database: TestDatabase;
  let assessments: Map<string, string>;

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedSurveyOrg(database.db);
    await surveyYear(database.db, { status: 'running' });
    assessments = await createAssessments(database.db);
  });
  afterAll(async () => {
    await database?.drop();
  });

  const stored = async (unit: string) =>
    database.db.leafScore.findUnique({ where: { assessmentId_leafCode: { assessmentId: assessments.get(unit)!, leafCode: '2.2.1' } }, select: { surveyInput: true, surveyScore: true } });

  it('maps indicators only to satisfaction-scored leaves, naming each problem', async () => {
    const error = await saveSatisfactionMappings(database.db, ACTOR, YEAR, [
      { indicator: 'SIPAS', groupCode: 'SO_NGANH', leafCode: '2.1.1' },
      { indicator: 'SIPAS', groupCode: 'HUYEN', leafCode: '2.2.9' },
      { indicator: 'SIPAS', groupCode: 'XA', leafCode: '2.2.1' },
    ]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SurveyError);
    expect((error as SurveyError).errors).toEqual([
      { field: 'body.mappings[0].leafCode', message: 'Chỉ số SIPAS: Tiêu chí thành phần 2.1.1 (“Đánh giá về công tác chỉ đạo, điều hành CCHC của người đứng đầu”) là loại “Điều tra XHH”, không chấm bằng khảo sát sự hài lòng.' },
      { field: 'body.mappings[1].leafCode', message: 'Chỉ số SIPAS: Tiêu chí thành phần 2.2.9 không có trong bộ tiêu chí nhóm HUYEN.' },
      { field: 'body.mappings[2].groupCode', message: 'Nhóm đơn vị XA chưa có bộ tiêu chí năm 2023.' },
    ]);
    expect(
      await saveSatisfactionMappings(database.db, ACTOR, YEAR, [
        { indicator: 'SIPAS', name: 'Chỉ số hài lòng', groupCode: 'SO_NGANH', leafCode: '2.2.1' },
        { indicator: 'SIPAS', name: 'Chỉ số hài lòng', groupCode: 'HUYEN', leafCode: '2.2.1' },
      ]),
    ).toHaveLength(2);
  });

  it('imports JSON results and stores each unit’s satisfaction points', async () => {
    const result = await importSatisfaction(
      database.db,
      ACTOR,
      YEAR,
      jsonRows([
        { unitCode: 'SNV', indicator: 'SIPAS', satisfactionPct: 8530, sampleSize: 120 },
        { unitCode: 'LB', indicator: 'SIPAS', satisfactionPct: 7777, sampleSize: 300 },
      ]),
      { source: 'json' },
    );
    expect(result).toMatchObject({ rows: 2, replaced: null, assessmentsUpdated: 5 });
    expect(await stored('SNV')).toEqual({ surveyInput: { satisfaction: 8530 }, surveyScore: 128 });
    // 1,50 × 77,77% = 1,16655 → 1,17.
    expect(await stored('LB')).toEqual({ surveyInput: { satisfaction: 7777 }, surveyScore: 117 });
    expect(await stored('STP')).toBeNull();
  });

  it('refuses a bad import whole, naming every row, and changes nothing', async () => {
    const before = await satisfactionOverview(database.db, YEAR);
    const error = await importSatisfaction(
      database.db,
      ACTOR,
      YEAR,
      jsonRows([
        { unitCode: 'STP', indicator: 'SIPAS', satisfactionPct: 9000, sampleSize: 80 },
        { unitCode: 'ZZZ', indicator: 'SIPAS', satisfactionPct: 9000, sampleSize: 80 },
        { unitCode: 'STC', indicator: 'PAPI', satisfactionPct: 9000, sampleSize: 80 },
        { unitCode: 'NH', indicator: 'SIPAS', satisfactionPct: 10001, sampleSize: 80 },
        { unitCode: 'STP', indicator: 'SIPAS', satisfactionPct: 9100, sampleSize: 0 },
        { unitCode: 'STP', indicator: 'SIPAS', satisfactionPct: 9100, sampleSize: 10 },
      ]),
      { source: 'json' },
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 422, code: 'SATISFACTION_INVALID' });
    expect((error as SurveyError).errors).toEqual([
      { field: 'body.rows[1].unitCode', message: 'Mục 2: không có đơn vị mã ZZZ.' },
      { field: 'body.rows[2].indicator', message: 'Mục 3: chỉ số PAPI chưa được gắn với tiêu chí nào của nhóm đơn vị của STC; hãy khai báo bảng gắn chỉ số trước.' },
      { field: 'body.rows[3].satisfactionPct', message: 'Mục 4: tỷ lệ hài lòng phải từ 0% đến 100%, nhận được 100,01%.' },
      { field: 'body.rows[4].sampleSize', message: 'Mục 5: cỡ mẫu phải là số nguyên dương.' },
      { field: 'body.rows[5].indicator', message: 'Mục 6: kết quả của STP, chỉ số SIPAS trùng với mục 1.' },
    ]);
    expect(await satisfactionOverview(database.db, YEAR)).toEqual(before);
    expect(await stored('SNV')).toEqual({ surveyInput: { satisfaction: 8530 }, surveyScore: 128 });
  });

  it('re-imports from Excel, replacing the previous import atomically, with the audit entry saying what it replaced', async () => {
    const overview = await satisfactionOverview(database.db, YEAR);
    const template = await satisfactionTemplate(
      YEAR,
      [
        { unitCode: 'SNV', unitName: 'Đơn vị SNV', indicator: 'SIPAS' },
        { unitCode: 'STP', unitName: 'Đơn vị STP', indicator: 'SIPAS' },
        { unitCode: 'LB', unitName: 'Đơn vị LB', indicator: 'SIPAS' },
      ],
      overview.mappings,
    );
    const wb = new Workbook();
    await wb.xlsx.load(template as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet(SATISFACTION_SHEET)!;
    sheet.getCell('D2').value = 88.5; // SNV: a number
    sheet.getCell('E2').value = 140;
    sheet.getCell('D3').value = '91,25'; // STP: text with a decimal comma
    sheet.getCell('E3').value = '60';
    // LB left blank: no result this time.
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    const parsed = await parseSatisfactionXlsx(file);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const result = await importSatisfaction(database.db, ACTOR, YEAR, parsed.rows, { source: 'xlsx', fileName: 'ket-qua-sipas.xlsx' });
    expect(result).toMatchObject({ rows: 2, replaced: overview.current!.importId });

    const after = await satisfactionOverview(database.db, YEAR);
    expect(after.results.map((r) => [r.unitCode, r.satisfactionPct, r.sampleSize])).toEqual([
      ['SNV', 88.5, 140],
      ['STP', 91.25, 60],
    ]);
    expect(after.imports.map((i) => [i.rows, i.replacedAt === null])).toEqual([
      [2, true],
      [2, false],
    ]);
    // 1,50 × 88,50% = 1,3275 → 1,33; STP 1,50 × 91,25% = 1,36875 → 1,37; LB's result is gone.
    expect(await stored('SNV')).toEqual({ surveyInput: { satisfaction: 8850 }, surveyScore: 133 });
    expect(await stored('STP')).toEqual({ surveyInput: { satisfaction: 9125 }, surveyScore: 137 });
    expect(await stored('LB')).toEqual({ surveyInput: null, surveyScore: null });

    const audit = await database.db.auditEntry.findMany({ where: { action: 'satisfaction.import' }, orderBy: { seq: 'asc' } });
    expect(audit).toHaveLength(2);
    expect(audit[1]!.reason).toBe('Nhập lại: thay thế toàn bộ kết quả của lần nhập trước.');
    expect(audit[1]!.before).toMatchObject({ results: [['LB', 'SIPAS', 7777, 300], ['SNV', 'SIPAS', 8530, 120]] });
    expect(audit[1]!.after).toMatchObject({ source: 'xlsx', fileName: 'ket-qua-sipas.xlsx', results: [['SNV', 'SIPAS', 8850, 140], ['STP', 'SIPAS', 9125, 60]] });
    expect((await verifyAuditChain(database.db)).ok).toBe(true);
  });

  it('refuses an Excel file with bad cells by row and column', async () => {
    const wb = new Workbook();
    const sheet = wb.addWorksheet(SATISFACTION_SHEET);
    sheet.addRow(['Mã đơn vị', 'Tên đơn vị', 'Mã chỉ số', 'Tỷ lệ hài lòng (%)', 'Cỡ mẫu (số phiếu)']);
    sheet.addRow(['SNV', '', 'SIPAS', '85,333', 10]);
    sheet.addRow(['', '', 'SIPAS', 80, 'mười']);
    const parsed = await parseSatisfactionXlsx(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(parsed).toEqual({
      ok: false,
      errors: [
        { field: 'file', row: 2, column: 'D', message: 'Dòng 2, cột D: tỷ lệ hài lòng “85,333” không phải số phần trăm có tối đa 2 chữ số thập phân.' },
        { field: 'file', row: 3, column: 'A', message: 'Dòng 3, cột A: thiếu mã đơn vị.' },
        { field: 'file', row: 3, column: 'E', message: 'Dòng 3, cột E: cỡ mẫu “mười” không phải số nguyên.' },
      ],
    });
    expect(await parseSatisfactionXlsx(Buffer.from('không phải Excel'))).toEqual({ ok: false, errors: [{ field: 'file', message: 'Tệp không phải là tệp Excel .xlsx hợp lệ.' }] });
  });

  it('refuses imports once the year’s results are approved', async () => {
    await database.db.year.update({ where: { year: YEAR }, data: { status: 'approved' } });
    try {
      await expect(importSatisfaction(database.db, ACTOR, YEAR, jsonRows([{ unitCode: 'SNV', indicator: 'SIPAS', satisfactionPct: 1000, sampleSize: 1 }]), { source: 'json' })).rejects.toMatchObject({
        status: 409,
        code: 'RESULTS_APPROVED',
      });
    } finally {
      await database.db.year.update({ where: { year: YEAR }, data: { status: 'running' } });
    }
  });
});
