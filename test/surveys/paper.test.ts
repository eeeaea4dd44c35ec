import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Workbook, type Worksheet } from 'exceljs';
import { importPaperForms, paperTemplate } from '../../services/surveys/paper';
import { PAPER_SHEET } from '../../adapters/xlsx/paper-forms';
import { issueCodes, registerRespondents } from '../../services/surveys/respondents';
import { SurveyError } from '../../domain/surveys/errors';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { ACTOR, seedSurveyOrg, surveyYear, YEAR } from './fixtures';
import { answerForm } from './worked-example';

/** Paper forms typed into the Excel template: imported whole, or refused whole with row and column. */
describe('paper forms', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedSurveyOrg(database.db);
    await surveyYear(database.db, { status: 'running' });
    // Form 1: a department leader of SNV; forms 2–3: printed codes for district leaders; form 3 answers online.
    await registerRespondents(database.db, ACTOR, YEAR, [{ respondentGroup: 'LD_SO', fullName: 'Trần Thị Bình', unitCode: 'SNV' }]);
    const codes = await issueCodes(database.db, ACTOR, YEAR, { respondentGroup: 'LD_HUYEN', count: 2 });
    await answerForm(database.db, codes[1]!.code, { SNV: { C1: 'A' } });
  });
  afterAll(async () => {
    await database?.drop();
  });

  async function template(): Promise<{ wb: Workbook; sheet: Worksheet }> {
    const wb = new Workbook();
    await wb.xlsx.load((await paperTemplate(database.db, YEAR)) as unknown as ArrayBuffer);
    return { wb, sheet: wb.getWorksheet(PAPER_SHEET)! };
  }
  const rowsOf = (sheet: Worksheet) => {
    const rows: (string | number)[][] = [];
    sheet.eachRow((row, r) => {
      if (r > 1) rows.push([1, 3, 5].map((i) => row.getCell(i).value as string | number));
    });
    return rows;
  };
  const bytes = async (wb: Workbook) => Buffer.from(await wb.xlsx.writeBuffer());

  it('lists one row per form not yet submitted × unit × question, the own unit left out', async () => {
    const { sheet } = await template();
    const rows = rowsOf(sheet);
    // Form 1 (SNV) rates STC and STP; form 2 rates all three departments; form 3 is already submitted.
    expect(rows.filter((r) => r[0] === 1).map((r) => `${r[1]}/${r[2]}`).sort()).toEqual(['STC/C1', 'STC/C2', 'STC/C3', 'STP/C1', 'STP/C2', 'STP/C3']);
    expect(rows.filter((r) => r[0] === 2)).toHaveLength(9);
    expect(rows.filter((r) => r[0] === 3)).toHaveLength(0);
    expect(sheet.getRow(1).values).toEqual([undefined, 'Số phiếu', 'Nhóm người trả lời', 'Mã đơn vị', 'Đơn vị được đánh giá', 'Mã câu hỏi', 'Câu hỏi', 'Trả lời (A, B, C, D, E)']);
  });

  it('refuses a file with any invalid cell, naming row and column, and records nothing', async () => {
    const { wb, sheet } = await template();
    sheet.eachRow((row, r) => {
      if (r > 1) row.getCell(7).value = 'B';
    });
    sheet.getCell('G2').value = 'X';
    sheet.getCell('A3').value = 'một';
    sheet.addRow([99, 'LD_HUYEN', 'SNV', '', 'C1', '', 'A']);
    sheet.addRow([1, 'LD_SO', 'SNV', '', 'C1', '', 'A']);
    sheet.addRow([2, 'LD_HUYEN', 'LB', '', 'C1', '', 'A']);
    sheet.addRow([2, 'LD_HUYEN', 'SNV', '', 'C9', '', 'A']);
    sheet.addRow([3, 'LD_HUYEN', 'STP', '', 'C1', '', 'A']);
    sheet.addRow([2, 'LD_HUYEN', 'SNV', '', 'C1', '', 'C']);
    const last = sheet.rowCount;
    const error = await importPaperForms(database.db, ACTOR, YEAR, await bytes(wb)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SurveyError);
    expect(error).toMatchObject({ status: 422, code: 'PAPER_FORMS_INVALID' });
    const messages = (error as SurveyError).errors!.map((e) => e.message);
    const firstSnvC1 = (() => {
      let found = 0;
      sheet.eachRow((row, r) => {
        if (!found && row.getCell(1).value === 2 && row.getCell(3).value === 'SNV' && row.getCell(5).value === 'C1') found = r;
      });
      return found;
    })();
    expect(messages).toEqual([
      'Dòng 2, cột G: câu trả lời “X” không hợp lệ; chỉ nhận A, B, C, D, E hoặc để trống.',
      'Dòng 3, cột A: số phiếu “một” không phải số nguyên dương.',
      `Dòng ${last - 5}, cột A: không có phiếu số 99 trong năm 2023.`,
      `Dòng ${last - 4}, cột C: phiếu số 1 là của người thuộc đơn vị SNV; người trả lời không được đánh giá đơn vị của chính mình.`,
      `Dòng ${last - 3}, cột C: đơn vị LB không nằm trong các đơn vị phiếu số 2 (nhóm LD_HUYEN) đánh giá.`,
      `Dòng ${last - 2}, cột E: không có câu hỏi mã C9 trong phiếu của nhóm LD_HUYEN về nhóm đơn vị SO_NGANH.`,
      expect.stringMatching(new RegExp(`^Dòng ${last - 1}, cột A: phiếu số 3 đã được nộp \\(trực tuyến\\) lúc .*; không nhập lại\\.$`)),
      `Dòng ${last}, cột E: trùng phiếu số, đơn vị và câu hỏi với dòng ${firstSnvC1}.`,
    ]);
    expect((error as SurveyError).errors![0]).toMatchObject({ row: 2, column: 'G' });
    expect(await database.db.surveyRespondent.count({ where: { submittedVia: 'paper' } })).toBe(0);
    expect(await database.db.surveyAnswer.count({ where: { respondent: { serial: { in: [1, 2] } } } })).toBe(0);
  });

  it('imports a good file: every form in it submitted on paper, blanks not stored', async () => {
    const { wb, sheet } = await template();
    sheet.eachRow((row, r) => {
      if (r === 1) return;
      const serial = row.getCell(1).value;
      const unit = row.getCell(3).value;
      const question = row.getCell(5).value;
      // Form 1 answers everything with "b" (lower case is accepted); form 2 leaves STC blank.
      if (serial === 1) row.getCell(7).value = 'b';
      if (serial === 2 && unit !== 'STC') row.getCell(7).value = question === 'C3' ? 'E' : 'A';
    });
    const result = await importPaperForms(database.db, ACTOR, YEAR, await bytes(wb));
    expect(result).toEqual({ forms: 2, serials: [1, 2], answers: 12 });
    const forms = await database.db.surveyRespondent.findMany({ where: { serial: { in: [1, 2] } }, orderBy: { serial: 'asc' }, include: { _count: { select: { answers: true } } } });
    expect(forms.map((f) => [f.serial, f.submittedVia, f._count.answers])).toEqual([
      [1, 'paper', 6],
      [2, 'paper', 6],
    ]);
    const audit = await database.db.auditEntry.findFirstOrThrow({ where: { action: 'survey.paper-import' } });
    expect(audit.after).toEqual({ forms: [1, 2], answers: 12 });

    // The same file again: both forms are now submitted, so the whole file is refused.
    const again = await importPaperForms(database.db, ACTOR, YEAR, await bytes(wb)).catch((e: unknown) => e);
    expect(again).toMatchObject({ status: 422 });
    expect((again as SurveyError).errors![0]!.message).toMatch(/^Dòng 2, cột A: phiếu số 1 đã được nộp \(phiếu giấy\)/);
  });

  it('refuses a file that is not the template', async () => {
    const wb = new Workbook();
    wb.addWorksheet(PAPER_SHEET).addRow(['Số phiếu', 'Nhóm', 'Đơn vị']);
    const error = await importPaperForms(database.db, ACTOR, YEAR, await bytes(wb)).catch((e: unknown) => e);
    expect((error as SurveyError).errors![0]).toMatchObject({ row: 1, column: 'B', message: 'Dòng 1, cột B: tiêu đề cột phải là “Nhóm người trả lời” (nhận được “Nhóm”).' });
    await expect(importPaperForms(database.db, ACTOR, YEAR, Buffer.from('PK không phải'))).rejects.toMatchObject({ errors: [{ message: 'Tệp không phải là tệp Excel .xlsx hợp lệ.' }] });
  });
});
