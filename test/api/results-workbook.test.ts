import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Workbook } from 'exceljs';
import { MATRIX_SHEET, RANKING_COLUMNS, RANKING_SHEET, STAGES_SHEET } from '../../adapters/xlsx/results-workbook';
import { assignFields } from '../support/org';
import { eventually } from '../support/system';
import { createYear } from '../support/year';
import { startApiSystem, type ApiSystem } from './support/api-system';
import { seedTwoGroups } from './support/two-groups';
import { openConfig, YEAR } from './support/scenario';

/**
 * The result workbook, read back with exceljs: every cell of the ranking equals the ranking route, the
 * matrix and each unit's sheet equal the score sheet route (both render the results model), numbers
 * are numeric cells with two decimals, and only Sở Nội vụ, the chair and leaders may download it.
 */
const v1 = '/api/v1';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('result workbook (XLSX)', () => {
  let api: ApiSystem;
  const tokens: Record<string, string> = {};
  const get = (path: string, who = 'sonoivu') => api.http.request('GET', `${v1}${path}`, { token: tokens[who] });
  const download = (who: string) => fetch(`${api.baseUrl}${v1}/years/${YEAR}/exports/results.xlsx`, { headers: { authorization: `Bearer ${tokens[who]}` } });

  beforeAll(async () => {
    api = await startApiSystem();
    const db = api.sys.database.db;
    await seedTwoGroups(db);
    for (const u of ['sonoivu', 'hoidong1', 'chutich', 'lanhdao', 'snv.canbo', 'snv.thutruong', 'stp.canbo', 'hlb.canbo']) tokens[u] = await api.http.login(u);
    await createYear(db, YEAR, { config: openConfig });
    await assignFields(db, YEAR, 'hoidong1', ['1']);
    expect((await api.http.request('POST', `${v1}/years/${YEAR}/start`, { token: tokens.sonoivu })).status).toBe(202);
    await eventually(async () => ((await db.assessment.count({ where: { phase: 'SELF_ASSESSMENT' } })) === 5 ? true : undefined), 'five units in self-assessment');
    const draft = (unit: string, leaf: string, body: unknown) => api.http.request('PUT', `${v1}/years/${YEAR}/units/${unit}/leaves/${leaf}`, { token: tokens[`${unit.toLowerCase()}.canbo`], body });
    expect((await draft('SNV', '1.1.1', { selfScore: 3 })).status).toBe(200);
    expect((await draft('SNV', '2.1.1', { entry: { ratio: 95 }, note: 'Báo cáo số 12/BC-SNV' })).status).toBe(200);
    expect((await draft('STP', '1.1.1', { selfScore: 1.5 })).status).toBe(200);
    expect((await draft('HLB', '1.1.2', { notApplicable: true })).status).toBe(200);
    expect((await api.http.request('POST', `${v1}/years/${YEAR}/units/SNV/submit`, { token: tokens['snv.thutruong'] })).status).toBe(200);
    await eventually(async () => ((await db.assessment.findFirst({ where: { unit: { code: 'SNV' } } }))?.phase === 'APPRAISAL' ? true : undefined), 'SNV in appraisal');
    expect((await api.http.request('POST', `${v1}/years/${YEAR}/units/SNV/appraisal/leaves/1.1.1`, { token: tokens.hoidong1, body: { action: 'adjust', score: 1.5, reason: 'Thiếu kế hoạch kiểm tra' } })).status).toBe(200);
  });
  afterAll(async () => {
    await api?.close();
  });

  let book: Workbook;
  it('downloads under a Vietnamese file name, marked as a draft until approval', async () => {
    const res = await download('sonoivu');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(XLSX);
    expect(res.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent(`Kết quả Chỉ số CCHC năm ${YEAR} (dự thảo).xlsx`).replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`);
    book = new Workbook();
    await book.xlsx.load(await res.arrayBuffer());
    expect(book.getWorksheet(RANKING_SHEET)!.getCell('A1').value).toContain('DỰ THẢO');
  });

  it('has the ranking route in every cell of its ranking sheet', async () => {
    const ranking = (await get(`/years/${YEAR}/ranking`)).body;
    const sheet = book.getWorksheet(RANKING_SHEET)!;
    expect(sheet.getRow(2).values).toEqual([undefined, ...RANKING_COLUMNS]);
    const expected = ranking.groups.flatMap((g: any) => [
      ...g.ranked.map((u: any) => [g.groupName, u.rank, u.unitCode, u.unitName, u.points, u.max, u.index, u.classification, null]),
      ...g.unranked.map((u: any) => [g.groupName, null, u.unitCode, u.unitName, u.points, u.max, u.index, null, u.reason]),
    ]);
    const rows: unknown[][] = [];
    for (let r = 3; r <= sheet.rowCount; r++) rows.push(Array.from({ length: 9 }, (_, c) => sheet.getRow(r).getCell(c + 1).value ?? null));
    expect(rows).toEqual(expected);
    expect(expected.length).toBe(5);
    expect(sheet.getCell('E3').numFmt).toBe('0.00');
    expect(typeof sheet.getCell('E3').value).toBe('number');
  });

  it('has each unit score sheet and its matrix row as the score sheet route gives them', async () => {
    const matrix = book.getWorksheet(MATRIX_SHEET)!;
    for (const unit of ['SNV', 'STP', 'HLB']) {
      const sheetJson = (await get(`/years/${YEAR}/units/${unit}/score-sheet`)).body;
      const sheet = book.getWorksheet(unit)!;
      const rows = sheetJson.rows as any[];
      expect(sheet.rowCount).toBe(3 + rows.length);
      const total = sheet.getRow(3 + rows.length);
      expect(total.getCell(7).value).toBe(sheetJson.points);
      expect(total.getCell(3).value).toBe(sheetJson.max);
      let matrixRow: number | undefined;
      matrix.eachRow((row, r) => {
        if (row.getCell(2).value === unit) matrixRow = r;
      });
      const row = matrix.getRow(matrixRow!);
      expect(row.getCell(row.cellCount - 1).value).toBe(sheetJson.points);
    }
    expect(book.getWorksheet('SNV')!.getCell('C4').numFmt).toBe('0.00');
  });

  it('lists every stage of every leaf, with the appraiser reason', () => {
    const sheet = book.getWorksheet(STAGES_SHEET)!;
    let cut: unknown[] | undefined;
    sheet.eachRow((row) => {
      if (row.getCell(1).value === 'SNV' && row.getCell(2).value === '1.1.1') cut = [row.getCell(5).value, row.getCell(7).value, row.getCell(8).value, row.getCell(9).value, row.getCell(15).value];
    });
    expect(cut).toEqual([3, 'Điều chỉnh', 1.5, 'Thiếu kế hoạch kiểm tra', 1.5]);
  });

  it('is Sở Nội vụ’s, the chair’s and leaders’ only', async () => {
    for (const who of ['chutich', 'lanhdao']) expect((await download(who)).status).toBe(200);
    for (const who of ['snv.thutruong', 'snv.canbo', 'hoidong1']) expect((await download(who)).status).toBe(403);
    expect((await fetch(`${api.baseUrl}${v1}/years/${YEAR}/exports/results.xlsx`)).status).toBe(401);
  });
});
