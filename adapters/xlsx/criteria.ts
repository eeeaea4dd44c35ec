import { Workbook, type CellValue, type Worksheet } from 'exceljs';
import { tryHundredths } from '../../domain/decimal';
import { ADJUSTMENT_SECTION_LABELS, LEAF_KIND_LABELS, SCORED_BY_LABELS } from '../../domain/criteria/labels';
import { formatLeafParams, parseLeafParams } from '../../domain/criteria/params-text';
import { parseCriteriaSet } from '../../domain/criteria/parse';
import { normalizeText } from '../../domain/criteria/read';
import { CRITERIA_SET_FORMAT, CRITERIA_SET_VERSION, isLeaf, LEAF_KINDS, SCORED_BY, type Adjustment, type CriteriaNode, type CriteriaSet, type LeafKind, type ParseResult, type ScoredBy, type ValidationIssue } from '../../domain/criteria/types';

/**
 * Excel (.xlsx) import and export of criteria sets, on buffers only (no file system). Kept out of
 * domain/ — workflows must not bundle exceljs; the set read is validated by the domain's parser.
 * Layout: docs/criteria-set-format.md.
 */

export const SHEET_INFO = 'Thông tin';
export const SHEET_NODES = 'Tiêu chí';
export const SHEET_HELP = 'Hướng dẫn';

/** The columns of the "Tiêu chí" sheet, in order. */
export const NODE_COLUMNS = [
  { letter: 'A', key: 'code', header: 'Mã', width: 10 },
  { letter: 'B', key: 'title', header: 'Tên lĩnh vực/tiêu chí/tiêu chí thành phần', width: 60 },
  { letter: 'C', key: 'max', header: 'Điểm tối đa', width: 12 },
  { letter: 'D', key: 'kind', header: 'Loại', width: 20 },
  { letter: 'E', key: 'scoredBy', header: 'Người chấm', width: 18 },
  { letter: 'F', key: 'params', header: 'Tham số', width: 50 },
  { letter: 'G', key: 'method', header: 'Phương pháp chấm', width: 50 },
  { letter: 'H', key: 'evidence', header: 'Tài liệu kiểm chứng', width: 40 },
] as const;

/** The rows of the "Thông tin" sheet: label in column A, value in column B. */
const INFO_ROWS = [
  { key: 'format', label: 'Định dạng' },
  { key: 'version', label: 'Phiên bản' },
  { key: 'year', label: 'Năm' },
  { key: 'groupCode', label: 'Mã nhóm đơn vị' },
  { key: 'title', label: 'Tên bộ tiêu chí' },
  { key: 'sample', label: 'Bộ tiêu chí mẫu' },
  { key: 'scale', label: 'Thang điểm' },
  { key: 'note', label: 'Ghi chú' },
] as const;

/** Which column holds each property of a node, to place validation issues. */
const COLUMN_OF_FIELD: Readonly<Record<string, string>> = {
  code: 'A',
  children: 'A',
  title: 'B',
  max: 'C',
  kind: 'D',
  adjustment: 'D',
  scoredBy: 'E',
  levels: 'F',
  bands: 'F',
  ratioLabel: 'F',
  numerator: 'F',
  denominator: 'F',
  mode: 'F',
  onZeroDenominator: 'F',
  perOccurrence: 'F',
  method: 'G',
  evidence: 'H',
};

const YES = 'Có';
const NO = 'Không';

// ---------------------------------------------------------------------------------------------- export

/** The set as an .xlsx workbook (three sheets: Thông tin, Tiêu chí, Hướng dẫn). */
export async function criteriaSetToXlsx(set: CriteriaSet): Promise<Buffer> {
  const wb = new Workbook();
  wb.creator = 'Chỉ số CCHC';

  const info = wb.addWorksheet(SHEET_INFO);
  info.columns = [{ width: 20 }, { width: 100 }];
  info.addRow(['Thuộc tính', 'Giá trị']).font = { bold: true };
  const infoValues: Record<(typeof INFO_ROWS)[number]['key'], CellValue> = {
    format: set.format,
    version: set.version,
    year: set.year,
    groupCode: set.groupCode,
    title: set.title,
    sample: set.sample ? YES : NO,
    scale: set.scale / 100,
    note: set.note ?? '',
  };
  for (const row of INFO_ROWS) info.addRow([row.label, infoValues[row.key]]);
  info.getColumn(2).alignment = { wrapText: true, vertical: 'top' };
  info.getCell('B8').numFmt = '0.00';

  const sheet = wb.addWorksheet(SHEET_NODES, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = NODE_COLUMNS.map((c) => ({ width: c.width }));
  const header = sheet.addRow(NODE_COLUMNS.map((c) => c.header));
  header.font = { bold: true };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
  const visit = (node: CriteriaNode, depth: number): void => {
    const row = sheet.addRow(nodeRow(node));
    row.getCell(1).numFmt = '@';
    row.getCell(3).numFmt = '0.00';
    row.alignment = { wrapText: true, vertical: 'top' };
    if (!isLeaf(node)) {
      row.font = { bold: depth === 1, italic: node.adjustment !== undefined };
      for (const child of node.children) visit(child, depth + 1);
    }
  };
  for (const node of set.nodes) visit(node, 1);
  const kindList = `"${[...LEAF_KINDS.map((k) => LEAF_KIND_LABELS[k]), ...Object.values(ADJUSTMENT_SECTION_LABELS)].join(',')}"`;
  const scorerList = `"${SCORED_BY.map((s) => SCORED_BY_LABELS[s]).join(',')}"`;
  // Room for rows a person adds below; computed first, since touching a cell creates its row.
  const lastRow = sheet.rowCount + 100;
  for (let r = 2; r <= lastRow; r++) {
    sheet.getCell(`A${r}`).numFmt = '@';
    sheet.getCell(`D${r}`).dataValidation = { type: 'list', allowBlank: true, formulae: [kindList] };
    sheet.getCell(`E${r}`).dataValidation = { type: 'list', allowBlank: true, formulae: [scorerList] };
  }

  const help = wb.addWorksheet(SHEET_HELP);
  help.columns = [{ width: 120 }];
  for (const line of HELP) help.addRow([line]);
  help.getCell('A1').font = { bold: true };

  return Buffer.from(await wb.xlsx.writeBuffer());
}

function nodeRow(node: CriteriaNode): CellValue[] {
  if (!isLeaf(node)) {
    return [node.code, node.title, node.max / 100, node.adjustment ? ADJUSTMENT_SECTION_LABELS[node.adjustment] : '', '', '', '', ''];
  }
  return [node.code, node.title, node.max / 100, LEAF_KIND_LABELS[node.kind], SCORED_BY_LABELS[node.scoredBy], formatLeafParams(node), node.method, node.evidence];
}

const HELP: readonly string[] = [
  'Hướng dẫn điền bộ tiêu chí (định dạng par-criteria-set, phiên bản 1)',
  '',
  `Trang “${SHEET_INFO}”: năm, mã nhóm đơn vị (ví dụ SO_NGANH, HUYEN), tên bộ tiêu chí, bộ mẫu (Có/Không), thang điểm (thường là 100), ghi chú.`,
  `Trang “${SHEET_NODES}”: mỗi dòng một lĩnh vực, tiêu chí hoặc tiêu chí thành phần, cha đứng trước con, theo thứ tự hiển thị.`,
  'Cột Mã: 1, 1.2, 1.2.3 (nhập dạng văn bản để 1.10 không thành 1.1). Mã con bắt đầu bằng mã cha.',
  'Cột Điểm tối đa: tối đa 2 chữ số thập phân. Điểm của dòng nhóm bằng tổng điểm các dòng con; tổng các lĩnh vực bằng thang điểm.',
  `Cột Loại: để trống với lĩnh vực/tiêu chí có tiêu chí con; “${ADJUSTMENT_SECTION_LABELS.bonus}”/“${ADJUSTMENT_SECTION_LABELS.penalty}” cho mục điểm thưởng/điểm trừ (ở cấp cao nhất, điểm tối đa là mức trần của cả mục); với tiêu chí chấm điểm: ${LEAF_KINDS.map((k) => LEAF_KIND_LABELS[k]).join(', ')}.`,
  `Cột Người chấm: ${SCORED_BY.map((s) => SCORED_BY_LABELS[s]).join(', ')} (Điều tra XHH và Khảo sát hài lòng chỉ dùng cho loại tương ứng).`,
  'Cột Tham số, mỗi mục một dòng trong ô (Alt+Enter để xuống dòng):',
  '  Theo mức: “1,00 = Ban hành đúng thời hạn”, “0,50 = Ban hành chậm”, “0,00 = Không ban hành”.',
  '  Theo tỷ lệ: “Tỷ lệ: Tỷ lệ nhiệm vụ hoàn thành” (tùy chọn), rồi các khoảng “từ 90% = 2”, “từ 70% đến dưới 90% = 1”, “từ 0% đến dưới 70% = 0”.',
  '  Công thức: “Tử số: …”, “Mẫu số: …”, “Cách tính: tỷ lệ” hoặc “Cách tính: theo khoảng” (kèm các khoảng), “Mẫu số bằng 0: điểm tối đa” (hoặc 0 điểm, không áp dụng).',
  '  Khảo sát hài lòng: để trống (điểm = điểm tối đa × tỷ lệ hài lòng) hoặc các khoảng như trên.',
  '  Điểm thưởng, Điểm trừ: “Mỗi lần: 0,50” (tùy chọn). Đạt/Không đạt, Điều tra XHH: để trống.',
  'Các khoảng tỷ lệ phải phủ kín từ 0% trở lên, không chồng nhau, có một khoảng cho điểm tối đa.',
  'Tệp có lỗi bị từ chối toàn bộ; mỗi lỗi ghi rõ dòng và cột.',
];

// ---------------------------------------------------------------------------------------------- import

interface RawNode {
  code: string;
  title?: string;
  max?: number;
  kind?: LeafKind;
  adjustment?: Adjustment;
  scoredBy?: ScoredBy;
  method?: string;
  evidence?: string;
  children?: RawNode[];
  [param: string]: unknown;
}

/**
 * Reads a workbook written by criteriaSetToXlsx (or filled in by hand on its template) and validates
 * the set. Either the whole set or every issue, each naming row and column ("Dòng 12, cột D: …");
 * nothing is half-imported.
 */
export async function criteriaSetFromXlsx(data: Buffer | ArrayBuffer | Uint8Array): Promise<ParseResult<CriteriaSet>> {
  const wb = new Workbook();
  try {
    await wb.xlsx.load(toArrayBuffer(data));
  } catch {
    return { ok: false, issues: [{ code: 'INVALID_FILE', message: 'Tệp không phải là tệp Excel .xlsx hợp lệ.' }] };
  }
  const issues: ValidationIssue[] = [];
  const infoSheet = wb.getWorksheet(SHEET_INFO);
  const nodeSheet = wb.getWorksheet(SHEET_NODES);
  if (!infoSheet) issues.push({ code: 'INVALID_FILE', sheet: SHEET_INFO, message: `Tệp thiếu trang “${SHEET_INFO}”.` });
  if (!nodeSheet) issues.push({ code: 'INVALID_FILE', sheet: SHEET_NODES, message: `Tệp thiếu trang “${SHEET_NODES}”.` });
  if (!infoSheet || !nodeSheet) return { ok: false, issues };

  const info = readInfo(infoSheet, issues);
  const nodes = readNodes(nodeSheet, issues);
  if (issues.length > 0) return { ok: false, issues: inSheetOrder(issues) };

  const parsed = parseCriteriaSet({ ...info.values, nodes: nodes.roots });
  if (parsed.ok) return parsed;
  return { ok: false, issues: inSheetOrder(parsed.issues.map((issue) => locate(issue, nodes.rowOf, info.rowOf))) };
}

/** The information sheet first, then by row and column, as a person reads the workbook. */
function inSheetOrder(issues: ValidationIssue[]): ValidationIssue[] {
  const rank = (i: ValidationIssue) => [i.sheet === SHEET_INFO ? 0 : i.sheet === SHEET_NODES ? 1 : 2, i.row ?? 0, i.column ?? ''] as const;
  return [...issues].sort((a, b) => {
    const [sa, ra, ca] = rank(a);
    const [sb, rb, cb] = rank(b);
    return sa - sb || ra - rb || (ca < cb ? -1 : ca > cb ? 1 : 0);
  });
}

function toArrayBuffer(data: Buffer | ArrayBuffer | Uint8Array): ArrayBuffer {
  if (data instanceof ArrayBuffer) return data;
  return data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer;
}

/** Gives a validation issue its sheet, row and column, and prefixes its message with them. */
function locate(issue: ValidationIssue, rowOfNode: ReadonlyMap<string, number>, rowOfInfo: ReadonlyMap<string, number>): ValidationIssue {
  const row = issue.nodeCode !== undefined ? rowOfNode.get(issue.nodeCode) : undefined;
  if (row !== undefined) {
    const column = COLUMN_OF_FIELD[issue.field ?? 'code'] ?? 'A';
    return cellIssue(issue, SHEET_NODES, row, column);
  }
  const infoRow = issue.field !== undefined ? rowOfInfo.get(issue.field) : undefined;
  if (infoRow !== undefined) return cellIssue(issue, SHEET_INFO, infoRow, 'B');
  return issue;
}

function cellIssue(issue: Omit<ValidationIssue, 'message'> & { message: string }, sheet: string, row: number, column: string): ValidationIssue {
  const where = sheet === SHEET_NODES ? `Dòng ${row}, cột ${column}` : `Trang “${sheet}”, dòng ${row}, cột ${column}`;
  return { ...issue, sheet, row, column, message: `${where}: ${issue.message}` };
}

function readInfo(sheet: Worksheet, issues: ValidationIssue[]): { values: Record<string, unknown>; rowOf: Map<string, number> } {
  const values: Record<string, unknown> = {};
  const rowOf = new Map<string, number>();
  const labelToKey = new Map<string, (typeof INFO_ROWS)[number]['key']>(INFO_ROWS.map((r) => [r.label.toLowerCase(), r.key]));
  sheet.eachRow((row, r) => {
    if (r === 1) return;
    const label = cellText(row.getCell(1).value).toLowerCase();
    const key = labelToKey.get(label);
    if (key === undefined) return;
    rowOf.set(key, r);
    const raw = row.getCell(2).value;
    const fail = (message: string) => issues.push(cellIssue({ code: 'INVALID_VALUE', field: key, message }, SHEET_INFO, r, 'B'));
    switch (key) {
      case 'version':
      case 'year': {
        const n = cellNumber(raw);
        if (n === undefined || !Number.isInteger(n)) fail(`“${INFO_ROWS.find((x) => x.key === key)!.label}” phải là số nguyên.`);
        else values[key] = n;
        return;
      }
      case 'scale': {
        const h = cellHundredths(raw);
        if (h === undefined) fail('thang điểm phải là số có tối đa 2 chữ số thập phân.');
        else values.scale = h;
        return;
      }
      case 'sample': {
        const v = typeof raw === 'boolean' ? raw : cellText(raw).toLowerCase();
        if (v === true || v === YES.toLowerCase()) values.sample = true;
        else if (v === false || v === NO.toLowerCase()) values.sample = false;
        else fail(`“Bộ tiêu chí mẫu” phải là “${YES}” hoặc “${NO}”.`);
        return;
      }
      default: {
        const text = cellText(raw);
        if (text !== '') values[key] = text;
      }
    }
  });
  for (const row of INFO_ROWS) {
    if (row.key !== 'note' && !rowOf.has(row.key)) {
      issues.push({ code: 'MISSING_VALUE', sheet: SHEET_INFO, field: row.key, message: `Trang “${SHEET_INFO}”: thiếu dòng “${row.label}”.` });
    }
  }
  if (values.format !== undefined && values.format !== CRITERIA_SET_FORMAT) {
    issues.push(cellIssue({ code: 'INVALID_FORMAT', field: 'format', message: `định dạng phải là “${CRITERIA_SET_FORMAT}”.` }, SHEET_INFO, rowOf.get('format')!, 'B'));
  }
  if (values.version !== undefined && values.version !== CRITERIA_SET_VERSION) {
    issues.push(cellIssue({ code: 'UNSUPPORTED_VERSION', field: 'version', message: `phiên bản ${String(values.version)} không được hỗ trợ (chỉ hỗ trợ ${CRITERIA_SET_VERSION}).` }, SHEET_INFO, rowOf.get('version')!, 'B'));
  }
  return { values, rowOf };
}

function readNodes(sheet: Worksheet, issues: ValidationIssue[]): { roots: RawNode[]; rowOf: Map<string, number> } {
  const roots: RawNode[] = [];
  const rowOf = new Map<string, number>();
  const byCode = new Map<string, RawNode>();
  const kindByLabel = lookup<LeafKind>(LEAF_KINDS, LEAF_KIND_LABELS);
  const scorerByLabel = lookup<ScoredBy>(SCORED_BY, SCORED_BY_LABELS);
  const sectionByLabel = new Map<string, Adjustment>([
    [ADJUSTMENT_SECTION_LABELS.bonus.toLowerCase(), 'bonus'],
    [ADJUSTMENT_SECTION_LABELS.penalty.toLowerCase(), 'penalty'],
  ]);
  const fail = (r: number, column: string, message: string, code: ValidationIssue['code'] = 'INVALID_VALUE', nodeCode?: string) =>
    issues.push(cellIssue({ code, ...(nodeCode !== undefined ? { nodeCode } : {}), message }, SHEET_NODES, r, column));

  NODE_COLUMNS.forEach((c, i) => {
    const text = cellText(sheet.getRow(1).getCell(i + 1).value);
    if (text.toLowerCase() !== c.header.toLowerCase()) fail(1, c.letter, `tiêu đề cột phải là “${c.header}” (nhận được “${text}”).`);
  });
  if (issues.length > 0) return { roots, rowOf };

  sheet.eachRow((row, r) => {
    if (r === 1) return;
    const raw = NODE_COLUMNS.map((_, i) => row.getCell(i + 1).value);
    const [, titleV, maxV, kindV, scorerV, paramsV, methodV, evidenceV] = raw;
    const texts = raw.map(cellText);
    if (texts.every((t) => t === '')) return;
    const code = texts[0]!;
    if (code === '') return void fail(r, 'A', 'thiếu mã.', 'MISSING_VALUE');
    const node: RawNode = { code };
    const title = cellText(titleV);
    if (title !== '') node.title = title;
    if (cellText(maxV) !== '') {
      const max = cellHundredths(maxV);
      if (max === undefined) fail(r, 'C', `điểm tối đa “${cellText(maxV)}” không phải số có tối đa 2 chữ số thập phân.`, 'INVALID_NUMBER', code);
      else node.max = max;
    }
    const kindText = cellText(kindV).toLowerCase();
    const section = sectionByLabel.get(kindText);
    const kind = kindByLabel.get(kindText);
    if (kindText === '' || section !== undefined) {
      if (section !== undefined) node.adjustment = section;
      node.children = [];
      for (const [column, value] of [['E', scorerV], ['F', paramsV], ['G', methodV], ['H', evidenceV]] as const) {
        if (cellText(value) !== '') fail(r, column, `dòng ${code} là nhóm (cột Loại để trống hoặc là mục điểm thưởng/điểm trừ) nên ô này phải để trống.`, 'INVALID_VALUE', code);
      }
    } else if (kind === undefined) {
      fail(r, 'D', `loại “${cellText(kindV)}” không hợp lệ; dùng một trong: ${[...LEAF_KINDS.map((k) => LEAF_KIND_LABELS[k]), ...Object.values(ADJUSTMENT_SECTION_LABELS)].join(', ')}, hoặc để trống với dòng nhóm.`, 'UNKNOWN_KIND', code);
    } else {
      node.kind = kind;
      const scorerText = cellText(scorerV);
      if (scorerText !== '') {
        const scoredBy = scorerByLabel.get(scorerText.toLowerCase());
        if (scoredBy === undefined) fail(r, 'E', `người chấm “${scorerText}” không hợp lệ; dùng một trong: ${SCORED_BY.map((s) => SCORED_BY_LABELS[s]).join(', ')}.`, 'INVALID_VALUE', code);
        else node.scoredBy = scoredBy;
      }
      const params = parseLeafParams(kind, cellText(paramsV));
      if (params.ok) Object.assign(node, params.params);
      else for (const p of params.problems) fail(r, 'F', `${p.line !== undefined ? `(dòng thứ ${p.line} trong ô) ` : ''}${p.message}`, 'INVALID_VALUE', code);
      const method = cellText(methodV);
      const evidence = cellText(evidenceV);
      if (method !== '') node.method = method;
      if (evidence !== '') node.evidence = evidence;
    }

    const firstRow = rowOf.get(code);
    if (firstRow !== undefined) return void fail(r, 'A', `mã ${code} trùng với dòng ${firstRow}.`, 'DUPLICATE_CODE', code);
    rowOf.set(code, r);
    byCode.set(code, node);
    const dot = code.lastIndexOf('.');
    if (dot < 0) {
      roots.push(node);
      return;
    }
    const parentCode = code.slice(0, dot);
    const parent = byCode.get(parentCode);
    if (parent === undefined) return void fail(r, 'A', `mã cha ${parentCode} của ${code} chưa có ở các dòng phía trên.`, 'MISSING_PARENT', code);
    if (parent.children === undefined) return void fail(r, 'A', `dòng ${parentCode} (dòng ${rowOf.get(parentCode)}) là tiêu chí chấm điểm nên không thể có tiêu chí con ${code}; để trống cột Loại của dòng ${parentCode}.`, 'INVALID_VALUE', code);
    parent.children.push(node);
  });
  if (issues.length === 0 && roots.length === 0) {
    issues.push({ code: 'MISSING_VALUE', sheet: SHEET_NODES, message: `Trang “${SHEET_NODES}” không có dòng tiêu chí nào.` });
  }
  return { roots, rowOf };
}

function lookup<T extends string>(values: readonly T[], labels: Readonly<Record<T, string>>): Map<string, T> {
  const map = new Map<string, T>();
  for (const v of values) {
    map.set(v.toLowerCase(), v);
    map.set(labels[v].toLowerCase(), v);
  }
  return map;
}

/** The text of a cell, whatever it holds (rich text, formula result, hyperlink), trimmed and NFC. */
export function cellText(value: CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return normalizeText(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    if ('richText' in value) return normalizeText(value.richText.map((t) => t.text).join(''));
    if ('formula' in value || 'sharedFormula' in value) return cellText((value as { result?: CellValue }).result ?? null);
    if ('text' in value) return cellText((value as { text: CellValue }).text);
    if ('error' in value) return String(value.error);
  }
  return '';
}

function cellNumber(value: CellValue): number | undefined {
  if (typeof value === 'number') return value;
  if (value !== null && typeof value === 'object' && ('formula' in value || 'sharedFormula' in value)) return cellNumber((value as { result?: CellValue }).result ?? null);
  const text = cellText(value).replace(',', '.');
  if (text === '' || !/^[+-]?\d+(\.\d+)?$/.test(text)) return undefined;
  return Number(text);
}

/**
 * Hundredths from a cell. A numeric cell is a binary fraction (1.15 is stored as 1.1499999999999999),
 * so it is accepted when within 1e-6 of a hundredth; a text cell must have at most two decimals.
 */
function cellHundredths(value: CellValue): number | undefined {
  if (typeof value === 'string' || (value !== null && typeof value === 'object' && 'richText' in value)) {
    return tryHundredths(cellText(value)) ?? undefined;
  }
  const n = cellNumber(value);
  if (n === undefined) return undefined;
  const h = Math.round(n * 100);
  return Number.isSafeInteger(h) && Math.abs(n * 100 - h) < 1e-6 ? h : undefined;
}
