import { Workbook } from 'exceljs';
import type { SurveyErrorField } from '../../domain/surveys/errors';
import type { SatisfactionRowInput } from '../../domain/surveys/satisfaction-rows';
import { at, cellInteger, cellPercentHundredths, cellText, toArrayBuffer } from './cells';

/**
 * The satisfaction survey's results as a workbook: one row per unit and indicator. The template lists
 * every active unit with each indicator mapped for its group; a row left without a result is skipped,
 * anything else invalid refuses the whole file with row and column.
 */
export const SATISFACTION_SHEET = 'Kết quả hài lòng';

const COLUMNS = [
  { letter: 'A', header: 'Mã đơn vị', width: 18 },
  { letter: 'B', header: 'Tên đơn vị', width: 50 },
  { letter: 'C', header: 'Mã chỉ số', width: 18 },
  { letter: 'D', header: 'Tỷ lệ hài lòng (%)', width: 20 },
  { letter: 'E', header: 'Cỡ mẫu (số phiếu)', width: 18 },
] as const;

export interface SatisfactionTemplateRow {
  unitCode: string;
  unitName: string;
  indicator: string;
  satisfactionPct?: number;
  sampleSize?: number;
}

export async function satisfactionTemplate(year: number, rows: SatisfactionTemplateRow[], indicators: { indicator: string; name: string | null; groupCode: string; leafCode: string }[]): Promise<Buffer> {
  const wb = new Workbook();
  wb.creator = 'Chỉ số CCHC';
  const sheet = wb.addWorksheet(SATISFACTION_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = COLUMNS.map((c) => ({ width: c.width }));
  const header = sheet.addRow(COLUMNS.map((c) => c.header));
  header.font = { bold: true };
  for (const r of rows) {
    const row = sheet.addRow([r.unitCode, r.unitName, r.indicator, r.satisfactionPct === undefined ? null : r.satisfactionPct / 100, r.sampleSize ?? null]);
    row.getCell(4).numFmt = '0.00';
  }
  const help = wb.addWorksheet('Hướng dẫn');
  help.columns = [{ width: 120 }];
  for (const line of [
    `Kết quả khảo sát sự hài lòng năm ${year}: mỗi dòng một đơn vị và một chỉ số.`,
    'Cột D: tỷ lệ hài lòng theo phần trăm, tối đa 2 chữ số thập phân (ví dụ 85,30). Cột E: số phiếu khảo sát của đơn vị (số nguyên dương).',
    'Dòng để trống cả cột D và E được bỏ qua (đơn vị chưa có kết quả chỉ số đó).',
    'Tệp có lỗi bị từ chối toàn bộ; mỗi lỗi ghi rõ dòng và cột. Nhập lại thay thế toàn bộ kết quả của lần nhập trước.',
    '',
    'Các chỉ số đã gắn với tiêu chí:',
    ...indicators.map((i) => `  ${i.indicator}${i.name ? ` (${i.name})` : ''} → nhóm ${i.groupCode}, tiêu chí ${i.leafCode}`),
  ]) help.addRow([line]);
  help.getCell('A1').font = { bold: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export type ParsedSatisfaction = { ok: true; rows: SatisfactionRowInput[] } | { ok: false; errors: SurveyErrorField[] };

export async function parseSatisfactionXlsx(data: Buffer | Uint8Array): Promise<ParsedSatisfaction> {
  const wb = new Workbook();
  try {
    await wb.xlsx.load(toArrayBuffer(data));
  } catch {
    return { ok: false, errors: [{ field: 'file', message: 'Tệp không phải là tệp Excel .xlsx hợp lệ.' }] };
  }
  const sheet = wb.getWorksheet(SATISFACTION_SHEET);
  if (!sheet) return { ok: false, errors: [{ field: 'file', message: `Tệp thiếu trang “${SATISFACTION_SHEET}”.` }] };
  const errors: SurveyErrorField[] = [];
  const fail = (row: number, column: string, message: string) => errors.push({ field: 'file', row, column, message: at(row, column, message) });
  COLUMNS.forEach((c, i) => {
    const text = cellText(sheet.getRow(1).getCell(i + 1).value);
    if (text.toLowerCase() !== c.header.toLowerCase()) fail(1, c.letter, `tiêu đề cột phải là “${c.header}” (nhận được “${text}”).`);
  });
  if (errors.length) return { ok: false, errors };
  const rows: SatisfactionRowInput[] = [];
  sheet.eachRow((row, r) => {
    if (r === 1) return;
    const [unitCode, , indicator, pctText, sizeText] = [1, 2, 3, 4, 5].map((i) => cellText(row.getCell(i).value));
    if ([unitCode, indicator, pctText, sizeText].every((t) => t === '')) return;
    if (pctText === '' && sizeText === '') return;
    const before = errors.length;
    if (!unitCode) fail(r, 'A', 'thiếu mã đơn vị.');
    if (!indicator) fail(r, 'C', 'thiếu mã chỉ số.');
    const pct = cellPercentHundredths(row.getCell(4));
    if (pct === undefined) fail(r, 'D', `tỷ lệ hài lòng “${pctText}” không phải số phần trăm có tối đa 2 chữ số thập phân.`);
    const size = cellInteger(row.getCell(5));
    if (size === undefined) fail(r, 'E', `cỡ mẫu “${sizeText}” không phải số nguyên.`);
    if (errors.length > before) return;
    const letters = { unitCode: 'A', indicator: 'C', satisfactionPct: 'D', sampleSize: 'E' } as const;
    rows.push({
      unitCode: unitCode!,
      indicator: indicator!,
      satisfactionPct: pct!,
      sampleSize: size!,
      label: `dòng ${r}`,
      where: (column) => ({ field: 'file', row: r, column: letters[column], prefix: `Dòng ${r}, cột ${letters[column]}: ` }),
    });
  });
  return errors.length ? { ok: false, errors } : { ok: true, rows };
}
