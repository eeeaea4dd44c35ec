import { Workbook } from 'exceljs';
import type { SurveyErrorField } from '../../domain/surveys/errors';
import { ANSWER_OPTIONS, parseAnswerOption, type AnswerOption } from '../../domain/surveys/options';
import { at, cellInteger, cellText, toArrayBuffer } from './cells';

/**
 * The workbook of paper survey forms: written with one row per respondent × unit × question, read
 * back with every cell-level problem named by row and column. What goes in and what the rows mean is
 * the survey service's (services/surveys/paper.ts).
 */
export const PAPER_SHEET = 'Phiếu giấy';

const COLUMNS = [
  { letter: 'A', header: 'Số phiếu', width: 10 },
  { letter: 'B', header: 'Nhóm người trả lời', width: 18 },
  { letter: 'C', header: 'Mã đơn vị', width: 16 },
  { letter: 'D', header: 'Đơn vị được đánh giá', width: 40 },
  { letter: 'E', header: 'Mã câu hỏi', width: 12 },
  { letter: 'F', header: 'Câu hỏi', width: 70 },
  { letter: 'G', header: 'Trả lời (A, B, C, D, E)', width: 22 },
] as const;

export interface PaperTemplateRow {
  serial: number;
  respondentGroup: string;
  unitCode: string;
  unitName: string;
  questionCode: string;
  questionText: string;
}

/** The template workbook: the rows to fill in and the help sheet's lines. */
export async function paperWorkbook(rows: Iterable<PaperTemplateRow>, helpLines: readonly string[]): Promise<Buffer> {
  const wb = new Workbook();
  wb.creator = 'Chỉ số CCHC';
  const sheet = wb.addWorksheet(PAPER_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = COLUMNS.map((c) => ({ width: c.width }));
  const header = sheet.addRow(COLUMNS.map((c) => c.header));
  header.font = { bold: true };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
  const list = `"${ANSWER_OPTIONS.join(',')}"`;
  for (const r of rows) {
    const row = sheet.addRow([r.serial, r.respondentGroup, r.unitCode, r.unitName, r.questionCode, r.questionText, null]);
    row.getCell(7).dataValidation = { type: 'list', allowBlank: true, formulae: [list] };
  }
  const help = wb.addWorksheet('Hướng dẫn');
  help.columns = [{ width: 120 }];
  for (const line of helpLines) help.addRow([line]);
  help.getCell('A1').font = { bold: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export interface PaperRow {
  row: number;
  serial: number;
  unitCode: string;
  questionCode: string;
  option: AnswerOption | null;
}

/** Reads the rows of a filled-in template, with every cell-level problem. */
export async function readPaperXlsx(data: Buffer | Uint8Array): Promise<{ rows: PaperRow[]; errors: SurveyErrorField[] }> {
  const wb = new Workbook();
  const errors: SurveyErrorField[] = [];
  try {
    await wb.xlsx.load(toArrayBuffer(data));
  } catch {
    return { rows: [], errors: [{ field: 'file', message: 'Tệp không phải là tệp Excel .xlsx hợp lệ.' }] };
  }
  const sheet = wb.getWorksheet(PAPER_SHEET);
  if (!sheet) return { rows: [], errors: [{ field: 'file', message: `Tệp thiếu trang “${PAPER_SHEET}”.` }] };
  const fail = (row: number, column: string, message: string) => errors.push({ field: 'file', row, column, message: at(row, column, message) });
  COLUMNS.forEach((c, i) => {
    const text = cellText(sheet.getRow(1).getCell(i + 1).value);
    if (text.toLowerCase() !== c.header.toLowerCase()) fail(1, c.letter, `tiêu đề cột phải là “${c.header}” (nhận được “${text}”).`);
  });
  if (errors.length) return { rows: [], errors };
  const rows: PaperRow[] = [];
  sheet.eachRow((row, r) => {
    if (r === 1) return;
    const texts = [1, 3, 5, 7].map((i) => cellText(row.getCell(i).value));
    if (texts.every((t) => t === '')) return;
    const before = errors.length;
    const serial = cellInteger(row.getCell(1));
    if (serial === undefined || serial < 1) fail(r, 'A', `số phiếu “${texts[0]}” không phải số nguyên dương.`);
    if (!texts[1]) fail(r, 'C', 'thiếu mã đơn vị.');
    if (!texts[2]) fail(r, 'E', 'thiếu mã câu hỏi.');
    const option = texts[3] === '' ? null : parseAnswerOption(texts[3]!);
    if (texts[3] !== '' && option === null) fail(r, 'G', `câu trả lời “${texts[3]}” không hợp lệ; chỉ nhận ${ANSWER_OPTIONS.join(', ')} hoặc để trống.`);
    if (errors.length === before) rows.push({ row: r, serial: serial!, unitCode: texts[1]!, questionCode: texts[2]!, option });
  });
  if (rows.length === 0 && errors.length === 0) errors.push({ field: 'file', message: `Trang “${PAPER_SHEET}” không có dòng câu trả lời nào.` });
  return { rows, errors };
}
