import { at, Reader, type Where } from './read';
import {
  CRITERIA_SET_FORMAT,
  CRITERIA_SET_VERSION,
  LEAF_KINDS,
  SCORED_BY,
  type Band,
  type CriteriaNode,
  type CriteriaSet,
  type GroupNode,
  type LeafKind,
  type LeafNode,
  type Level,
  type ParseResult,
} from './types';
import { validateCriteriaSet } from './validate';

const SET_KEYS = ['format', 'version', 'year', 'groupCode', 'title', 'sample', 'note', 'scale', 'nodes'] as const;
const GROUP_KEYS = ['code', 'title', 'max', 'adjustment', 'children'] as const;
const LEAF_KEYS = ['code', 'title', 'max', 'kind', 'scoredBy', 'method', 'evidence'] as const;
const KIND_KEYS: Readonly<Record<LeafKind, readonly string[]>> = {
  tiered: ['levels'],
  threshold: ['ratioLabel', 'bands'],
  binary: [],
  formula: ['numerator', 'denominator', 'mode', 'bands', 'onZeroDenominator'],
  survey: [],
  satisfaction: ['bands'],
  bonus: ['perOccurrence'],
  penalty: ['perOccurrence'],
};

/**
 * Reads a criteria set from untrusted JSON (already `JSON.parse`d) and validates it. Either the whole
 * set, normalised (text trimmed and NFC), or every issue found — never a partial set. Shape problems
 * are reported first; the rules of `validateCriteriaSet` run once the shape is right.
 */
export function parseCriteriaSet(input: unknown): ParseResult<CriteriaSet> {
  const r = new Reader();
  const set = readSet(r, input);
  if (r.issues.length > 0 || set === undefined) return { ok: false, issues: r.issues };
  const issues = validateCriteriaSet(set);
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value: set };
}

/** `parseCriteriaSet` over JSON text; malformed JSON is one INVALID_FORMAT issue. */
export function parseCriteriaSetJson(text: string): ParseResult<CriteriaSet> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, issues: [{ code: 'INVALID_FORMAT', message: 'Bộ tiêu chí: nội dung không phải JSON hợp lệ.' }] };
  }
  return parseCriteriaSet(value);
}

/** The set as JSON text, two-space indented (the format parseCriteriaSetJson reads). */
export function criteriaSetToJson(set: CriteriaSet): string {
  return `${JSON.stringify(set, null, 2)}\n`;
}

function readSet(r: Reader, input: unknown): CriteriaSet | undefined {
  const root: Where = { path: '' };
  const obj = r.object(input, root);
  if (!obj) return undefined;
  r.onlyKeys(obj, SET_KEYS, root);
  if (obj.format !== CRITERIA_SET_FORMAT) {
    r.add('INVALID_FORMAT', at(root, 'format'), `“format” phải là "${CRITERIA_SET_FORMAT}"; đây không phải tệp bộ tiêu chí.`);
    return undefined;
  }
  if (obj.version !== CRITERIA_SET_VERSION) {
    r.add('UNSUPPORTED_VERSION', at(root, 'version'), `phiên bản ${JSON.stringify(obj.version)} không được hỗ trợ (chỉ hỗ trợ ${CRITERIA_SET_VERSION}).`);
    return undefined;
  }
  const year = obj.year;
  if (typeof year !== 'number' || !Number.isInteger(year)) r.add('INVALID_VALUE', at(root, 'year'), '“year” phải là năm (số nguyên).');
  const groupCode = r.string(obj, 'groupCode', root, { required: true, singleLine: true });
  const title = r.string(obj, 'title', root, { required: true });
  if (typeof obj.sample !== 'boolean') r.add('INVALID_VALUE', at(root, 'sample'), '“sample” phải là true hoặc false.');
  const note = r.string(obj, 'note', root, { required: false });
  const scale = r.hundredths(obj, 'scale', root, true);
  const rawNodes = r.array(obj, 'nodes', root, true);
  const nodes = rawNodes?.map((n, i) => readNode(r, n, { path: `nodes[${i}]` }));
  if (r.issues.length > 0 || groupCode === undefined || title === undefined || scale === undefined || nodes === undefined) return undefined;
  return {
    format: CRITERIA_SET_FORMAT,
    version: CRITERIA_SET_VERSION,
    year: year as number,
    groupCode,
    title,
    sample: obj.sample as boolean,
    ...(note ? { note } : {}),
    scale,
    nodes: nodes as CriteriaNode[],
  };
}

function readNode(r: Reader, input: unknown, where0: Where): CriteriaNode | undefined {
  const obj = r.object(input, where0);
  if (!obj) return undefined;
  const code = typeof obj.code === 'string' ? obj.code.trim() : undefined;
  const where: Where = code ? { ...where0, nodeCode: code } : where0;
  if (code === undefined || code === '') r.add('MISSING_VALUE', at(where, 'code'), 'thiếu mã (“code”).');
  const title = r.string(obj, 'title', where, { required: true });
  const hasChildren = 'children' in obj;
  const hasKind = 'kind' in obj;
  if (hasChildren && hasKind) {
    r.add('INVALID_VALUE', where, 'một nút không thể vừa có “children” (nhóm) vừa có “kind” (tiêu chí lá).');
    return undefined;
  }
  if (!hasChildren && !hasKind) {
    r.add('MISSING_VALUE', at(where, 'kind'), 'thiếu “kind” (loại tiêu chí) hoặc “children” (các tiêu chí con).');
    return undefined;
  }
  if (hasChildren) {
    r.onlyKeys(obj, GROUP_KEYS, where);
    const adjustment = r.oneOf(obj, 'adjustment', ['bonus', 'penalty'] as const, where, false);
    // A bonus/penalty section's max is its cap: a missing one is reported by validation as CAP_MISSING.
    const max = r.hundredths(obj, 'max', where, adjustment === undefined) ?? 0;
    const rawChildren = r.array(obj, 'children', where, true);
    const children = rawChildren?.map((c, i) => readNode(r, c, { path: `${where.path}.children[${i}]` }));
    if (code === undefined || title === undefined || children === undefined) return undefined;
    const group: GroupNode = { code, title, max, ...(adjustment ? { adjustment } : {}), children: children as CriteriaNode[] };
    return group;
  }
  return readLeaf(r, obj, code, title, where);
}

function readLeaf(r: Reader, obj: Record<string, unknown>, code: string | undefined, title: string | undefined, where: Where): LeafNode | undefined {
  const kind = obj.kind;
  if (typeof kind !== 'string' || !(LEAF_KINDS as readonly string[]).includes(kind)) {
    r.add('UNKNOWN_KIND', at(where, 'kind'), `loại tiêu chí ${JSON.stringify(kind)} không hợp lệ; dùng một trong: ${LEAF_KINDS.join(', ')}.`);
    return undefined;
  }
  const k = kind as LeafKind;
  r.onlyKeys(obj, [...LEAF_KEYS, ...KIND_KEYS[k]], where);
  const adjustmentItem = k === 'bonus' || k === 'penalty';
  // A bonus/penalty item's max is its cap: a missing one is reported by validation as CAP_MISSING.
  const max = r.hundredths(obj, 'max', where, !adjustmentItem) ?? 0;
  const scoredBy = r.oneOf(obj, 'scoredBy', SCORED_BY, where, true);
  const method = r.string(obj, 'method', where, { required: true });
  const evidence = r.string(obj, 'evidence', where, { required: true });
  const before = r.issues.length;
  const params = readParams(r, obj, k, where);
  if (code === undefined || title === undefined || scoredBy === undefined || method === undefined || evidence === undefined || r.issues.length > before) {
    return undefined;
  }
  return { code, title, max, kind: k, scoredBy, ...params, method, evidence } as LeafNode;
}

/** The kind's own parameters, in canonical key order. */
function readParams(r: Reader, obj: Record<string, unknown>, kind: LeafKind, where: Where): Record<string, unknown> {
  switch (kind) {
    case 'tiered':
      return { levels: readLevels(r, obj, where) };
    case 'threshold': {
      const ratioLabel = r.string(obj, 'ratioLabel', where, { required: false, singleLine: true });
      return { ...(ratioLabel ? { ratioLabel } : {}), bands: readBands(r, obj, where, true) };
    }
    case 'formula': {
      const numerator = r.string(obj, 'numerator', where, { required: true, singleLine: true });
      const denominator = r.string(obj, 'denominator', where, { required: true, singleLine: true });
      const mode = r.oneOf(obj, 'mode', ['proportional', 'bands'] as const, where, true);
      let bands: Band[] | undefined;
      if (mode === 'bands') bands = readBands(r, obj, where, true);
      else if (obj.bands !== undefined) r.add('INVALID_VALUE', at(where, 'bands'), '“bands” chỉ dùng khi “mode” là "bands".');
      const onZeroDenominator = r.oneOf(obj, 'onZeroDenominator', ['max', 'zero', 'notApplicable'] as const, where, false) ?? 'max';
      return { numerator, denominator, mode, ...(bands ? { bands } : {}), onZeroDenominator };
    }
    case 'satisfaction':
      return obj.bands === undefined ? {} : { bands: readBands(r, obj, where, true) };
    case 'bonus':
    case 'penalty': {
      const perOccurrence = r.hundredths(obj, 'perOccurrence', where, false);
      return perOccurrence === undefined ? {} : { perOccurrence };
    }
    case 'binary':
    case 'survey':
      return {};
  }
}

function readLevels(r: Reader, obj: Record<string, unknown>, where: Where): Level[] {
  const list = r.array(obj, 'levels', where, true) ?? [];
  const levels: Level[] = [];
  list.forEach((item, i) => {
    const w: Where = { ...where, path: `${where.path}.levels[${i}]`, field: 'levels' };
    const o = r.object(item, w);
    if (!o) return;
    r.onlyKeys(o, ['points', 'label'], w);
    const points = r.hundredths(o, 'points', w, true);
    const label = r.string(o, 'label', w, { required: true, singleLine: true });
    if (points !== undefined && label !== undefined) levels.push({ points, label });
  });
  return levels;
}

function readBands(r: Reader, obj: Record<string, unknown>, where: Where, required: boolean): Band[] {
  const list = r.array(obj, 'bands', where, required) ?? [];
  const bands: Band[] = [];
  list.forEach((item, i) => {
    const w: Where = { ...where, path: `${where.path}.bands[${i}]`, field: 'bands' };
    const o = r.object(item, w);
    if (!o) return;
    r.onlyKeys(o, ['from', 'to', 'points'], w);
    const from = r.hundredths(o, 'from', w, true);
    const to = o.to === null ? null : r.hundredths(o, 'to', w, true);
    const points = r.hundredths(o, 'points', w, true);
    if (from !== undefined && to !== undefined && points !== undefined) bands.push({ from, to, points });
  });
  return bands;
}
