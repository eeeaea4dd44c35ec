import { formatPercent, formatPoints, percentOf, type Hundredths } from '../decimal';
import { isLeaf, type CriteriaNode, type CriteriaSet, type LeafKind } from '../criteria/types';
import type { LeafScore, LeafStatus } from '../scoring/leaf';
import type { NodeTotal, UnitScore } from '../scoring/totals';

/** The standard columns of a score sheet, with their Vietnamese headings. */
export const SCORE_SHEET_COLUMNS = [
  { key: 'code', label: 'STT' },
  { key: 'title', label: 'Lĩnh vực/Tiêu chí/Tiêu chí thành phần' },
  { key: 'max', label: 'Điểm tối đa' },
  { key: 'survey', label: 'Điểm điều tra XHH' },
  { key: 'self', label: 'Điểm tự đánh giá' },
  { key: 'appraised', label: 'Điểm thẩm định' },
  { key: 'achieved', label: 'Điểm đạt được' },
  { key: 'index', label: 'Chỉ số (%)' },
  { key: 'note', label: 'Ghi chú' },
] as const;

export type ScoreSheetRowType = 'field' | 'criterion' | 'subCriterion' | 'bonusSection' | 'penaltySection' | 'bonusItem' | 'penaltyItem' | 'total';

export interface ScoreSheetRow {
  readonly type: ScoreSheetRowType;
  /** 1 for fields and sections, 2 for criteria and items, 3 for sub-criteria; 0 for the total. */
  readonly depth: number;
  /** A leaf (scored directly) rather than a subtotal. */
  readonly leaf: boolean;
  readonly kind?: LeafKind;
  readonly status?: LeafStatus;
  readonly code: string;
  readonly title: string;
  /** The maximum counted (applicable); null where left out. For a section or item: its cap. */
  readonly max: Hundredths | null;
  /** The maximum in the criteria set. */
  readonly declaredMax: Hundredths;
  readonly survey: Hundredths | null;
  readonly self: Hundredths | null;
  /** Round 2 where entered, else round 1. */
  readonly appraised: Hundredths | null;
  readonly achieved: Hundredths | null;
  /** achieved ÷ max × 100, hundredths of a percent; null where there is no maximum and on sections. */
  readonly index: Hundredths | null;
  readonly notApplicable: boolean;
  readonly note: string;
}

/** One unit's score sheet: the rows of the standard table, fields first, then bonus/penalty, then the total. */
export interface ScoreSheet {
  readonly unitCode?: string;
  readonly year: number;
  readonly groupCode: string;
  readonly setTitle: string;
  readonly sample: boolean;
  readonly rows: readonly ScoreSheetRow[];
  readonly points: Hundredths;
  readonly max: Hundredths;
  readonly index: Hundredths | null;
}

/**
 * The score sheet of a unit from its score (scoreUnit) against the same set. A row's note is the
 * sheet's own (not applicable, no survey data, refused entries, the ratio behind a threshold or
 * formula), then the leaf input's note, then `notes[code]` (e.g. an appraiser's reason).
 */
export function buildScoreSheet(set: CriteriaSet, score: UnitScore, notes: Readonly<Record<string, string>> = {}): ScoreSheet {
  const leaves = new Map<string, LeafScore>(score.leaves.map((l) => [l.code, l]));
  const groups = new Map<string, NodeTotal>(score.groups.map((g) => [g.code, g]));
  const rows: ScoreSheetRow[] = [];
  const visit = (node: CriteriaNode, depth: number, section: 'bonus' | 'penalty' | undefined): void => {
    if (isLeaf(node)) {
      const s = leaves.get(node.code);
      if (!s) return;
      const left = s.status === 'notApplicable' || (s.status === 'noData' && s.achieved === null);
      rows.push({
        type: section ? (section === 'bonus' ? 'bonusItem' : 'penaltyItem') : depth === 2 ? 'criterion' : 'subCriterion',
        depth,
        leaf: true,
        kind: s.kind,
        status: s.status,
        code: node.code,
        title: node.title,
        max: left ? null : s.max,
        declaredMax: node.max,
        survey: s.survey,
        self: s.self,
        appraised: s.final ?? s.appraised,
        achieved: s.achieved,
        index: section || left || s.max === 0 || s.achieved === null ? null : percentOf(s.achieved, s.max),
        notApplicable: s.status === 'notApplicable',
        note: joinNotes([leafNote(s), s.note ?? undefined, notes[node.code]]),
      });
      return;
    }
    const t = groups.get(node.code);
    if (!t) return;
    const ownSection = depth === 1 ? node.adjustment : section;
    rows.push({
      type: ownSection && depth === 1 ? (ownSection === 'bonus' ? 'bonusSection' : 'penaltySection') : depth === 1 ? 'field' : 'criterion',
      depth,
      leaf: false,
      code: node.code,
      title: node.title,
      max: t.notApplicable && !ownSection ? null : t.max,
      declaredMax: node.max,
      survey: t.survey,
      self: t.self,
      appraised: t.appraised,
      achieved: t.points,
      index: t.index,
      notApplicable: t.notApplicable,
      note: joinNotes([t.notApplicable ? 'Không áp dụng' : undefined, notes[node.code]]),
    });
    for (const child of node.children) visit(child, depth + 1, ownSection);
  };
  for (const node of set.nodes) visit(node, 1, undefined);

  const fieldRows = score.fields;
  const sum = (pick: (t: NodeTotal) => Hundredths | null): Hundredths | null =>
    fieldRows.reduce<Hundredths | null>((acc, t) => (pick(t) === null ? acc : (acc ?? 0) + pick(t)!), null);
  const adjustments = [
    score.bonus > 0 ? `Đã cộng ${formatPoints(score.bonus)} điểm thưởng` : undefined,
    score.penalty > 0 ? `Đã trừ ${formatPoints(score.penalty)} điểm` : undefined,
  ];
  rows.push({
    type: 'total',
    depth: 0,
    leaf: false,
    code: '',
    title: 'Tổng cộng',
    max: score.max,
    declaredMax: set.scale,
    survey: sum((t) => t.survey),
    self: sum((t) => t.self),
    appraised: sum((t) => t.appraised),
    achieved: score.points,
    index: score.index,
    notApplicable: score.max === 0,
    note: joinNotes(adjustments),
  });
  return {
    ...(score.unitCode !== undefined ? { unitCode: score.unitCode } : {}),
    year: set.year,
    groupCode: set.groupCode,
    setTitle: set.title,
    sample: set.sample,
    rows,
    points: score.points,
    max: score.max,
    index: score.index,
  };
}

/**
 * The sheet as a table of display strings (Vietnamese number format, "" for no value), heading row
 * first, for reports and exports.
 */
export function scoreSheetTable(sheet: ScoreSheet): string[][] {
  const num = (h: Hundredths | null) => (h === null ? '' : formatPoints(h));
  return [
    SCORE_SHEET_COLUMNS.map((c) => c.label),
    ...sheet.rows.map((r) => [r.code, r.title, num(r.max), num(r.survey), num(r.self), num(r.appraised), num(r.achieved), num(r.index), r.note]),
  ];
}

function leafNote(s: LeafScore): string | undefined {
  const parts: (string | undefined)[] = [];
  if (s.status === 'notApplicable') parts.push('Không áp dụng');
  else if (s.status === 'noData') parts.push(s.achieved === null ? 'Chưa có kết quả điều tra, khảo sát (không tính điểm và điểm tối đa)' : 'Chưa có kết quả điều tra, khảo sát (tính 0 điểm)');
  else if (s.status === 'notScored') parts.push('Chưa chấm điểm');
  if (s.ratio !== null) parts.push(`Tỷ lệ ${formatPercent(s.ratio)}`);
  for (const issue of s.issues) parts.push(issue.message);
  return joinNotes(parts) || undefined;
}

function joinNotes(parts: readonly (string | undefined)[]): string {
  return parts.filter((p): p is string => p !== undefined && p.trim() !== '').join('; ');
}
