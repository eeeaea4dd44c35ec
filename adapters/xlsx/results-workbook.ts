import { Workbook, type Worksheet } from 'exceljs';
import { fromHundredths, type Hundredths } from '../../domain/decimal';
import { SCORE_SHEET_COLUMNS } from '../../domain/results/score-sheet';
import type { YearResults } from '../../services/results/read';

/**
 * The year's result workbook, rendered from the results model (services/results → domain/results):
 * the ranking per group, the units × fields matrix, every unit's standard score sheet, and the raw
 * values of every leaf at every stage so an auditor can recompute each figure. Numbers are numeric
 * cells with two-decimal formats; nothing here computes a point.
 */

const POINTS = '0.00';
const HEADER_FILL = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F1' } } as const;

/** A hundredths figure as a number cell value (null stays empty). */
const num = (h: Hundredths | null | undefined): number | null => (h === null || h === undefined ? null : fromHundredths(h));

const ACTION_LABELS: Record<string, string> = { accept: 'Chấp nhận', adjust: 'Điều chỉnh', explain: 'Yêu cầu giải trình' };
const EXPLANATION_LABELS: Record<string, string> = { accepted: 'Chấp nhận giải trình', rejected: 'Không chấp nhận giải trình' };

function header(sheet: Worksheet, labels: readonly string[], widths: readonly number[]): void {
  const row = sheet.addRow([...labels]);
  row.font = { bold: true };
  row.alignment = { vertical: 'middle', wrapText: true };
  row.eachCell((cell) => {
    cell.fill = HEADER_FILL;
    cell.border = { bottom: { style: 'thin' } };
  });
  widths.forEach((w, i) => (sheet.getColumn(i + 1).width = w));
  sheet.views = [{ state: 'frozen', ySplit: sheet.rowCount }];
}

/** Formats the given 1-based columns of the sheet as points with two decimals. */
function pointColumns(sheet: Worksheet, columns: readonly number[]): void {
  for (const c of columns) sheet.getColumn(c).numFmt = POINTS;
}

/** A worksheet name Excel accepts (≤ 31 characters, none of : \ / ? * [ ]), unique in the book. */
function sheetName(book: Workbook, wanted: string): string {
  const base = wanted.replace(/[:\\/?*[\]]/g, '-').slice(0, 31);
  let name = base;
  for (let i = 2; book.getWorksheet(name); i++) name = `${base.slice(0, 31 - String(i).length - 1)}~${i}`;
  return name;
}

export const RANKING_SHEET = 'Xếp hạng';
export const MATRIX_SHEET = 'Lĩnh vực';
export const STAGES_SHEET = 'Giá trị từng vòng';
export const RANKING_COLUMNS = ['Nhóm đơn vị', 'Hạng', 'Mã đơn vị', 'Đơn vị', 'Điểm đạt được', 'Điểm tối đa', 'Chỉ số (%)', 'Xếp loại', 'Ghi chú'] as const;

function rankingSheet(book: Workbook, year: YearResults, draft: boolean): void {
  const sheet = book.addWorksheet(RANKING_SHEET);
  const title = sheet.addRow([`Kết quả xếp hạng Chỉ số CCHC năm ${year.year}${draft ? ' — DỰ THẢO (chưa được phê duyệt)' : ''}`]);
  title.font = { bold: true, size: 13, ...(draft ? { color: { argb: 'FFC00000' } } : {}) };
  header(sheet, RANKING_COLUMNS, [28, 7, 14, 40, 14, 12, 12, 14, 50]);
  const names = new Map(year.units.map((u) => [u.results.unitCode, u]));
  for (const g of year.ranking) {
    const groupName = year.units.find((u) => u.results.groupCode === g.groupCode)?.groupName ?? g.groupCode;
    for (const u of g.ranked) sheet.addRow([groupName, u.rank, u.unitCode, names.get(u.unitCode)?.unitName ?? u.unitCode, num(u.points), num(u.max), num(u.index), u.classification?.label ?? null, null]);
    for (const u of g.unranked) sheet.addRow([groupName, null, u.unitCode, names.get(u.unitCode)?.unitName ?? u.unitCode, num(u.points), num(u.max), num(u.index), null, u.reason]);
  }
  pointColumns(sheet, [5, 6, 7]);
}

/** Field codes in the order of their first appearance, with the title of that first appearance. */
function fieldsOf(year: YearResults): { code: string; title: string }[] {
  const seen = new Map<string, string>();
  for (const u of year.units) for (const f of u.results.fields) if (!seen.has(f.code)) seen.set(f.code, f.title);
  return [...seen].map(([code, title]) => ({ code, title }));
}

function matrixSheet(book: Workbook, year: YearResults): void {
  const sheet = book.addWorksheet(MATRIX_SHEET);
  const fields = fieldsOf(year);
  const labels = ['Nhóm đơn vị', 'Mã đơn vị', 'Đơn vị', ...fields.flatMap((f) => [`${f.code}. ${f.title} — điểm`, `${f.code} — chỉ số (%)`]), 'Tổng điểm', 'Chỉ số CCHC (%)'];
  header(sheet, labels, [28, 14, 40, ...fields.flatMap(() => [14, 11]), 12, 12]);
  for (const u of year.units) {
    const byCode = new Map(u.results.fields.map((f) => [f.code, f]));
    sheet.addRow([
      u.groupName,
      u.results.unitCode,
      u.unitName,
      ...fields.flatMap((f) => {
        const r = byCode.get(f.code);
        return r ? [num(r.points), num(r.index)] : [null, null];
      }),
      num(u.results.points),
      num(u.results.index),
    ]);
  }
  pointColumns(sheet, Array.from({ length: fields.length * 2 + 2 }, (_, i) => i + 4));
}

function unitSheet(book: Workbook, unit: YearResults['units'][number]): void {
  const sheet = book.addWorksheet(sheetName(book, unit.results.unitCode));
  const title = sheet.addRow([`Bảng điểm Chỉ số CCHC năm ${unit.results.year}: ${unit.unitName} (${unit.groupName})`]);
  title.font = { bold: true, size: 13 };
  sheet.addRow([unit.results.sheet.setTitle]);
  header(sheet, SCORE_SHEET_COLUMNS.map((c) => c.label), [10, 60, 11, 11, 11, 11, 11, 11, 50]);
  for (const r of unit.results.sheet.rows) {
    const row = sheet.addRow([r.code || null, r.title, num(r.max), num(r.survey), num(r.self), num(r.appraised), num(r.achieved), num(r.index), r.note || null]);
    if (!r.leaf) row.font = { bold: true };
    row.getCell(2).alignment = { wrapText: true, indent: Math.max(0, r.depth - 1) };
  }
  pointColumns(sheet, [3, 4, 5, 6, 7, 8]);
  sheet.pageSetup = { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '3:3' };
}

export const STAGE_COLUMNS = [
  'Mã đơn vị', 'Mã tiêu chí', 'Lĩnh vực', 'Điểm tối đa', 'Tự chấm', 'Ghi chú của đơn vị', 'Thẩm định vòng 1', 'Điểm vòng 1', 'Lý do vòng 1',
  'Giải trình', 'Kết quả giải trình', 'Điểm vòng 2', 'Lý do vòng 2', 'Điểm điều tra XHH', 'Điểm đạt được',
] as const;

function stagesSheet(book: Workbook, year: YearResults): void {
  const sheet = book.addWorksheet(STAGES_SHEET);
  header(sheet, STAGE_COLUMNS, [14, 12, 9, 11, 10, 40, 18, 11, 40, 40, 22, 11, 40, 11, 11]);
  for (const u of year.units) {
    for (const l of u.results.leaves) {
      sheet.addRow([
        u.results.unitCode, l.code, l.fieldCode, num(l.max), num(l.self), l.selfNote,
        l.appraisalAction ? (ACTION_LABELS[l.appraisalAction] ?? l.appraisalAction) : null, num(l.round1), l.round1Reason,
        l.explanation, l.explanationResult ? (EXPLANATION_LABELS[l.explanationResult] ?? l.explanationResult) : null, num(l.round2), l.round2Reason,
        num(l.survey), num(l.achieved),
      ]);
    }
  }
  pointColumns(sheet, [4, 5, 8, 12, 14, 15]);
}

/**
 * The whole workbook as the bytes of an .xlsx file; `draft` (results not yet approved by the chair)
 * marks the ranking "DỰ THẢO".
 */
export async function resultsWorkbook(year: YearResults, options: { generatedAt: Date; draft: boolean }): Promise<Buffer> {
  const { generatedAt, draft } = options;
  const book = new Workbook();
  book.creator = 'Chỉ số CCHC - Sở Nội vụ';
  book.created = generatedAt;
  book.title = `Kết quả Chỉ số CCHC năm ${year.year}`;
  rankingSheet(book, year, draft);
  matrixSheet(book, year);
  for (const unit of year.units) unitSheet(book, unit);
  stagesSheet(book, year);
  return Buffer.from(await book.xlsx.writeBuffer());
}
