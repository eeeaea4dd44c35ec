import { formatHundredths, formatPoints, tryHundredths } from '../decimal';
import { normalizeText } from './read';
import { ZERO_DENOMINATOR_LABELS } from './labels';
import type { Band, LeafKind, LeafNode, ZeroDenominatorRule } from './types';

/**
 * The parameters of a leaf as a few lines of Vietnamese text — the "Tham số" column of the Excel
 * template (docs/criteria-set-format.md). One item per line:
 * - tiered:       "1,00 = Ban hành đúng thời hạn"
 * - bands:        "từ 90,00% = 2,00" (no upper end), "từ 70,00% đến dưới 90,00% = 1,00"
 * - threshold:    optional "Tỷ lệ: <what the unit reports>", then bands
 * - formula:      "Tử số: <label>", "Mẫu số: <label>", "Cách tính: tỷ lệ" or "Cách tính: theo khoảng"
 *                 (then bands), "Mẫu số bằng 0: điểm tối đa | 0 điểm | không áp dụng"
 * - satisfaction: bands, or nothing (proportional)
 * - bonus/penalty: "Mỗi lần: 0,50", or nothing
 * - binary, survey: nothing
 * Numbers take "," or "." as decimal separator and at most two decimals; "%" and "điểm" are optional.
 */
export function formatLeafParams(leaf: LeafNode): string {
  const lines: string[] = [];
  switch (leaf.kind) {
    case 'tiered':
      for (const level of leaf.levels) lines.push(`${formatPoints(level.points)} = ${level.label}`);
      break;
    case 'threshold':
      if (leaf.ratioLabel !== undefined) lines.push(`${KEYS.ratioLabel}: ${leaf.ratioLabel}`);
      lines.push(...leaf.bands.map(formatBand));
      break;
    case 'formula':
      lines.push(`${KEYS.numerator}: ${leaf.numerator}`, `${KEYS.denominator}: ${leaf.denominator}`);
      lines.push(`${KEYS.mode}: ${leaf.mode === 'proportional' ? MODE_PROPORTIONAL : MODE_BANDS}`);
      if (leaf.bands !== undefined) lines.push(...leaf.bands.map(formatBand));
      lines.push(`${KEYS.onZeroDenominator}: ${ZERO_DENOMINATOR_LABELS[leaf.onZeroDenominator]}`);
      break;
    case 'satisfaction':
      if (leaf.bands !== undefined) lines.push(...leaf.bands.map(formatBand));
      break;
    case 'bonus':
    case 'penalty':
      if (leaf.perOccurrence !== undefined) lines.push(`${KEYS.perOccurrence}: ${formatPoints(leaf.perOccurrence)}`);
      break;
    case 'binary':
    case 'survey':
      break;
  }
  return lines.join('\n');
}

/** A problem in the parameters text; `line` counts the non-empty lines of the cell from 1. */
export interface ParamsProblem {
  readonly line?: number;
  readonly message: string;
}

/**
 * Reads the parameters text of a leaf of `kind` into the JSON properties of the leaf (as
 * parseCriteriaSet reads them), or every problem found.
 */
export function parseLeafParams(kind: LeafKind, text: string): { ok: true; params: Record<string, unknown> } | { ok: false; problems: ParamsProblem[] } {
  const lines = normalizeText(text)
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const problems: ParamsProblem[] = [];
  const params: Record<string, unknown> = {};
  const bands: Band[] = [];
  const levels: { points: number; label: string }[] = [];
  const takesBands = kind === 'threshold' || kind === 'formula' || kind === 'satisfaction';
  const keysOf: Partial<Record<LeafKind, readonly (keyof typeof KEYS)[]>> = {
    threshold: ['ratioLabel'],
    formula: ['numerator', 'denominator', 'mode', 'onZeroDenominator'],
    bonus: ['perOccurrence'],
    penalty: ['perOccurrence'],
  };
  const allowedKeys = keysOf[kind] ?? [];

  lines.forEach((line, i) => {
    const at = i + 1;
    const problem = (message: string) => problems.push({ line: at, message });
    if (kind === 'binary' || kind === 'survey') {
      problem(`loại này không có tham số; để trống ô (nhận được “${line}”).`);
      return;
    }
    if (kind === 'tiered') {
      const m = LEVEL.exec(line);
      if (!m) return problem(`“${line}” không đúng cú pháp mức điểm; mẫu: “1,00 = Ban hành đúng thời hạn”.`);
      const points = number(m[1]!, problem);
      if (points !== undefined) levels.push({ points, label: m[2]!.trim() });
      return;
    }
    if (takesBands && BAND_START.test(line)) {
      const m = BAND.exec(line);
      if (!m) return problem(`“${line}” không đúng cú pháp khoảng tỷ lệ; mẫu: “từ 70% đến dưới 90% = 1” hoặc “từ 90% = 2”.`);
      const from = number(m[1]!, problem);
      const to = m[2] === undefined ? null : number(m[2], problem);
      const points = number(m[3]!, problem);
      if (from !== undefined && to !== undefined && points !== undefined) bands.push({ from, to, points });
      return;
    }
    const colon = line.indexOf(':');
    const key = colon < 0 ? undefined : keyOf(line.slice(0, colon));
    if (key === undefined || !allowedKeys.includes(key)) {
      const expected = [...allowedKeys.map((k) => `“${KEYS[k]}: …”`), ...(takesBands ? ['“từ …% đến dưới …% = …”'] : [])].join(', ');
      return problem(`không hiểu dòng “${line}”; loại này nhận: ${expected || 'không có tham số'}.`);
    }
    if (params[key] !== undefined) return problem(`“${KEYS[key]}” được khai báo hai lần.`);
    const value = line.slice(colon + 1).trim();
    switch (key) {
      case 'ratioLabel':
      case 'numerator':
      case 'denominator':
        params[key] = value;
        return;
      case 'mode': {
        const mode = MODES[value.toLowerCase()];
        if (!mode) return problem(`cách tính “${value}” không hợp lệ; dùng “${MODE_PROPORTIONAL}” hoặc “${MODE_BANDS}”.`);
        params.mode = mode;
        return;
      }
      case 'onZeroDenominator': {
        const rule = (Object.keys(ZERO_DENOMINATOR_LABELS) as ZeroDenominatorRule[]).find((r) => ZERO_DENOMINATOR_LABELS[r] === value.toLowerCase());
        if (!rule) return problem(`“${value}” không hợp lệ; dùng: ${Object.values(ZERO_DENOMINATOR_LABELS).join(', ')}.`);
        params.onZeroDenominator = rule;
        return;
      }
      case 'perOccurrence': {
        const points = number(value, problem);
        if (points !== undefined) params.perOccurrence = points;
        return;
      }
    }
  });

  if (kind === 'tiered') params.levels = levels;
  if (kind === 'threshold' || (kind === 'satisfaction' && bands.length > 0)) params.bands = bands;
  if (kind === 'formula' && (params.mode === 'bands' || bands.length > 0)) params.bands = bands;
  return problems.length > 0 ? { ok: false, problems } : { ok: true, params };
}

const KEYS = {
  ratioLabel: 'Tỷ lệ',
  numerator: 'Tử số',
  denominator: 'Mẫu số',
  mode: 'Cách tính',
  onZeroDenominator: 'Mẫu số bằng 0',
  perOccurrence: 'Mỗi lần',
} as const;
const MODE_PROPORTIONAL = 'tỷ lệ';
const MODE_BANDS = 'theo khoảng';
const MODES: Readonly<Record<string, 'proportional' | 'bands'>> = {
  'tỷ lệ': 'proportional',
  'tỉ lệ': 'proportional',
  'theo tỷ lệ': 'proportional',
  'theo tỉ lệ': 'proportional',
  'theo khoảng': 'bands',
  'khoảng': 'bands',
};

function keyOf(text: string): keyof typeof KEYS | undefined {
  const t = text.trim().toLowerCase().replace('tỉ lệ', 'tỷ lệ');
  return (Object.keys(KEYS) as (keyof typeof KEYS)[]).find((k) => KEYS[k].toLowerCase() === t);
}

const NUM = String.raw`([+-]?[0-9]+(?:[.,][0-9]+)?)`;
const LEVEL = new RegExp(String.raw`^${NUM}\s*(?:điểm)?\s*=\s*(.+)$`, 'iu');
const BAND_START = /^từ\s/iu;
const BAND = new RegExp(String.raw`^từ\s+${NUM}\s*%?(?:\s+đến\s+dưới\s+${NUM}\s*%?)?\s*=\s*${NUM}\s*(?:điểm)?$`, 'iu');

function number(text: string, problem: (message: string) => void): number | undefined {
  const h = tryHundredths(text);
  if (h === null) {
    problem(`số “${text}” không hợp lệ (tối đa 2 chữ số thập phân).`);
    return undefined;
  }
  return h;
}

function formatBand(band: Band): string {
  const from = `${formatHundredths(band.from)}%`;
  return band.to === null ? `từ ${from} = ${formatPoints(band.points)}` : `từ ${from} đến dưới ${formatHundredths(band.to)}% = ${formatPoints(band.points)}`;
}
