import type { Hundredths } from '../decimal';
import type { ReviewConfig } from './config';

/**
 * The consistency review of a year (issue 15): pure detectors over the results model's figures
 * (domain/results), each returning findings with the units, leaves and figures behind them. Nothing
 * here reads a database; services/review gathers the inputs.
 */

export type FindingKind =
  | 'MISSING_EVIDENCE'
  | 'LARGE_CUT'
  | 'HARSH_APPRAISER'
  | 'LEAF_OUTLIER'
  | 'YEAR_CHANGE'
  | 'SAME_NOTE'
  | 'SAME_EVIDENCE';

export interface Finding {
  /** Stable across recomputations, so a finding's handling (checked, sent back) stays attached to it. */
  readonly key: string;
  readonly kind: FindingKind;
  readonly groupCode: string | null;
  readonly fieldCode: string | null;
  readonly units: readonly string[];
  readonly leaves: readonly string[];
  readonly members: readonly string[];
  /** The figures behind the finding (hundredths for points and indices, fractions for rates). */
  readonly figures: Readonly<Record<string, number>>;
  /** What the finding says, in Vietnamese. */
  readonly summary: string;
}

/** What the review reads of one leaf of one unit: the results model's LeafResult, in part. */
export interface ReviewLeaf {
  readonly code: string;
  readonly fieldCode: string;
  readonly scoredBy: string;
  readonly status: string;
  readonly max: Hundredths;
  readonly self: Hundredths | null;
  readonly selfNote: string | null;
  readonly round1: Hundredths | null;
  readonly achieved: Hundredths | null;
}

/** What the review reads of one unit's results (the results model's UnitResults, in part). */
export interface ReviewUnit {
  readonly unitCode: string;
  readonly groupCode: string;
  readonly index: Hundredths | null;
  readonly exclusion: { readonly reason: string } | null;
  readonly fields: readonly { readonly code: string; readonly index: Hundredths | null }[];
  readonly leaves: readonly ReviewLeaf[];
}

const pct = (h: Hundredths) => `${(h / 100).toFixed(2).replace('.', ',')}`;
const rate = (x: number) => `${(x * 100).toFixed(0)}%`;
const sorted = <T>(xs: readonly T[], by: (x: T) => string) => [...xs].sort((a, b) => (by(a) < by(b) ? -1 : by(a) > by(b) ? 1 : 0));

/** Leaves given full (or any) points where the leaf requires evidence and none was uploaded. */
export function missingEvidence(
  units: readonly ReviewUnit[],
  requiresEvidence: (groupCode: string, leafCode: string) => boolean,
  evidenceOf: (unitCode: string, leafCode: string) => number,
  config: Pick<ReviewConfig, 'evidenceFinding'>,
): Finding[] {
  const out: Finding[] = [];
  for (const u of units) {
    for (const l of u.leaves) {
      if (l.scoredBy !== 'self' || l.status === 'notApplicable' || l.self === null || l.self <= 0) continue;
      if (config.evidenceFinding === 'full' && l.self < l.max) continue;
      if (!requiresEvidence(u.groupCode, l.code) || evidenceOf(u.unitCode, l.code) > 0) continue;
      out.push({
        key: `MISSING_EVIDENCE/${u.unitCode}/${l.code}`,
        kind: 'MISSING_EVIDENCE',
        groupCode: u.groupCode,
        fieldCode: l.fieldCode,
        units: [u.unitCode],
        leaves: [l.code],
        members: [],
        figures: { self: l.self, max: l.max, evidence: 0 },
        summary: `${u.unitCode} tự chấm ${pct(l.self)}/${pct(l.max)} điểm tiêu chí ${l.code} nhưng không có tài liệu kiểm chứng.`,
      });
    }
  }
  return out;
}

/** The cut on one leaf: self − round 1 when the council lowered it. */
function cutOf(l: ReviewLeaf): number | null {
  if (l.scoredBy !== 'self' || l.self === null || l.round1 === null) return null;
  return Math.max(0, l.self - l.round1);
}

/** The units, and the unit × field pairs, with the largest cuts from self score to appraisal. */
export function largestCuts(units: readonly ReviewUnit[], config: Pick<ReviewConfig, 'largestCuts'>): Finding[] {
  const byUnit: { unit: ReviewUnit; cut: number; leaves: string[] }[] = [];
  const byField: { unit: ReviewUnit; field: string; cut: number; leaves: string[] }[] = [];
  for (const u of units) {
    const fields = new Map<string, { cut: number; leaves: string[] }>();
    for (const l of u.leaves) {
      const cut = cutOf(l);
      if (!cut) continue;
      const f = fields.get(l.fieldCode) ?? { cut: 0, leaves: [] };
      f.cut += cut;
      f.leaves.push(l.code);
      fields.set(l.fieldCode, f);
    }
    const total = [...fields.values()].reduce((s, f) => s + f.cut, 0);
    if (total > 0) byUnit.push({ unit: u, cut: total, leaves: [...fields.values()].flatMap((f) => f.leaves) });
    for (const [field, f] of fields) byField.push({ unit: u, field, ...f });
  }
  const top = <T extends { cut: number; unit: ReviewUnit }>(xs: T[]) =>
    xs.sort((a, b) => b.cut - a.cut || (a.unit.unitCode < b.unit.unitCode ? -1 : 1)).slice(0, config.largestCuts);
  return [
    ...top(byUnit).map(({ unit, cut, leaves }) => ({
      key: `LARGE_CUT/${unit.unitCode}`,
      kind: 'LARGE_CUT' as const,
      groupCode: unit.groupCode,
      fieldCode: null,
      units: [unit.unitCode],
      leaves,
      members: [],
      figures: { cut },
      summary: `${unit.unitCode} bị thẩm định giảm ${pct(cut)} điểm so với tự chấm (${leaves.length} tiêu chí).`,
    })),
    ...top(byField).map(({ unit, field, cut, leaves }) => ({
      key: `LARGE_CUT/${unit.unitCode}/${field}`,
      kind: 'LARGE_CUT' as const,
      groupCode: unit.groupCode,
      fieldCode: field,
      units: [unit.unitCode],
      leaves,
      members: [],
      figures: { cut },
      summary: `${unit.unitCode}, lĩnh vực ${field}: giảm ${pct(cut)} điểm so với tự chấm.`,
    })),
  ];
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Robust z-scores (median and median absolute deviation, scaled to a normal σ); Infinity when MAD is 0 and x differs. */
export function robustZ(values: readonly number[]): number[] {
  const med = median(values);
  const mad = median(values.map((v) => Math.abs(v - med))) * 1.4826;
  return values.map((v) => (v === med ? 0 : mad === 0 ? Math.sign(v - med) * Infinity : (v - med) / mad));
}

/**
 * Appraisers whose cut rate (share of appraised leaves they lowered) or average cut per appraised leaf
 * stands out from the other members: robust z-score over members ≥ `appraiserZ`. `appraiserOf` names
 * the member who appraised a unit's field in round 1.
 */
export function harshAppraisers(
  units: readonly ReviewUnit[],
  appraiserOf: (unitCode: string, fieldCode: string) => string | null,
  config: Pick<ReviewConfig, 'appraiserZ' | 'appraiserMinMembers'>,
): Finding[] {
  const stats = new Map<string, { appraised: number; cut: number; cutLeaves: number; fields: Set<string> }>();
  for (const u of units) {
    for (const l of u.leaves) {
      const cut = cutOf(l);
      if (cut === null) continue;
      const member = appraiserOf(u.unitCode, l.fieldCode);
      if (!member) continue;
      const s = stats.get(member) ?? { appraised: 0, cut: 0, cutLeaves: 0, fields: new Set<string>() };
      s.appraised += 1;
      s.cut += cut;
      if (cut > 0) s.cutLeaves += 1;
      s.fields.add(l.fieldCode);
      stats.set(member, s);
    }
  }
  const members = sorted([...stats.keys()], (m) => m);
  if (members.length < config.appraiserMinMembers) return [];
  const rates = members.map((m) => stats.get(m)!.cutLeaves / stats.get(m)!.appraised);
  const averages = members.map((m) => stats.get(m)!.cut / stats.get(m)!.appraised);
  const zRate = robustZ(rates);
  const zAverage = robustZ(averages);
  const out: Finding[] = [];
  members.forEach((m, i) => {
    const z = Math.max(zRate[i]!, zAverage[i]!);
    if (z < config.appraiserZ) return;
    const s = stats.get(m)!;
    out.push({
      key: `HARSH_APPRAISER/${m}`,
      kind: 'HARSH_APPRAISER',
      groupCode: null,
      fieldCode: s.fields.size === 1 ? [...s.fields][0]! : null,
      units: [],
      leaves: [],
      members: [m],
      figures: {
        appraised: s.appraised,
        cutRate: rates[i]!,
        averageCut: averages[i]!,
        medianCutRate: median(rates),
        zCutRate: Number.isFinite(zRate[i]!) ? zRate[i]! : 99,
        zAverageCut: Number.isFinite(zAverage[i]!) ? zAverage[i]! : 99,
      },
      summary: `${m} giảm điểm ${rate(rates[i]!)} số tiêu chí đã thẩm định (trung vị các thành viên: ${rate(median(rates))}).`,
    });
  });
  return out;
}

/**
 * The same leaf across a group's units: a unit at or above `leafHighRatio` of the max on a leaf that at
 * least `leafMajority` of the group score at most `leafLowRatio` on — and a unit at or below the low
 * ratio on a leaf most score high on.
 */
export function leafOutliers(units: readonly ReviewUnit[], config: Pick<ReviewConfig, 'leafMajority' | 'leafLowRatio' | 'leafHighRatio' | 'leafMinUnits'>): Finding[] {
  const out: Finding[] = [];
  const groups = new Map<string, ReviewUnit[]>();
  for (const u of units) groups.set(u.groupCode, [...(groups.get(u.groupCode) ?? []), u]);
  for (const [groupCode, members] of groups) {
    const byLeaf = new Map<string, { unit: string; ratio: number; field: string }[]>();
    for (const u of members) {
      for (const l of u.leaves) {
        if (l.scoredBy !== 'self' || l.status === 'notApplicable' || l.achieved === null || l.max <= 0) continue;
        byLeaf.set(l.code, [...(byLeaf.get(l.code) ?? []), { unit: u.unitCode, ratio: l.achieved / l.max, field: l.fieldCode }]);
      }
    }
    for (const [leaf, rows] of byLeaf) {
      if (rows.length < config.leafMinUnits) continue;
      const low = rows.filter((r) => r.ratio <= config.leafLowRatio);
      const high = rows.filter((r) => r.ratio >= config.leafHighRatio);
      const report = (unit: { unit: string; ratio: number; field: string }, direction: 'high' | 'low', share: number) =>
        out.push({
          key: `LEAF_OUTLIER/${groupCode}/${leaf}/${unit.unit}`,
          kind: 'LEAF_OUTLIER',
          groupCode,
          fieldCode: unit.field,
          units: [unit.unit],
          leaves: [leaf],
          members: [],
          figures: { ratio: unit.ratio, share, units: rows.length },
          summary:
            direction === 'high'
              ? `${unit.unit} đạt ${rate(unit.ratio)} điểm tối đa tiêu chí ${leaf}, trong khi ${rate(share)} đơn vị cùng nhóm đạt không quá ${rate(config.leafLowRatio)}.`
              : `${unit.unit} chỉ đạt ${rate(unit.ratio)} điểm tối đa tiêu chí ${leaf}, trong khi ${rate(share)} đơn vị cùng nhóm đạt từ ${rate(config.leafHighRatio)}.`,
        });
      // The share is of the other units, so the outlier itself does not count against the majority.
      for (const r of high) {
        const others = rows.length - 1;
        const share = low.filter((x) => x.unit !== r.unit).length / others;
        if (share >= config.leafMajority) report(r, 'high', share);
      }
      for (const r of low) {
        const others = rows.length - 1;
        const share = high.filter((x) => x.unit !== r.unit).length / others;
        if (share >= config.leafMajority) report(r, 'low', share);
      }
    }
  }
  return sorted(out, (f) => f.key);
}

/** A unit's index, or a field's sub-index, changing by more than the configured points from the previous year. */
export function yearChanges(current: readonly ReviewUnit[], previous: readonly ReviewUnit[], config: Pick<ReviewConfig, 'yearIndexPoints' | 'yearFieldPoints'>): Finding[] {
  const before = new Map(previous.map((u) => [u.unitCode, u]));
  const out: Finding[] = [];
  for (const u of current) {
    const p = before.get(u.unitCode);
    if (!p) continue;
    if (u.index !== null && p.index !== null && Math.abs(u.index - p.index) > config.yearIndexPoints) {
      out.push({
        key: `YEAR_CHANGE/${u.unitCode}`,
        kind: 'YEAR_CHANGE',
        groupCode: u.groupCode,
        fieldCode: null,
        units: [u.unitCode],
        leaves: [],
        members: [],
        figures: { index: u.index, previous: p.index, change: u.index - p.index },
        summary: `Chỉ số của ${u.unitCode} thay đổi ${pct(u.index - p.index)} điểm so với năm trước (${pct(p.index)} → ${pct(u.index)}).`,
      });
    }
    const fieldsBefore = new Map(p.fields.map((f) => [f.code, f.index]));
    for (const f of u.fields) {
      const was = fieldsBefore.get(f.code);
      if (f.index === null || was === null || was === undefined || Math.abs(f.index - was) <= config.yearFieldPoints) continue;
      out.push({
        key: `YEAR_CHANGE/${u.unitCode}/${f.code}`,
        kind: 'YEAR_CHANGE',
        groupCode: u.groupCode,
        fieldCode: f.code,
        units: [u.unitCode],
        leaves: [],
        members: [],
        figures: { index: f.index, previous: was, change: f.index - was },
        summary: `Chỉ số thành phần lĩnh vực ${f.code} của ${u.unitCode} thay đổi ${pct(f.index - was)} điểm so với năm trước.`,
      });
    }
  }
  return out;
}

/** Lower case, letters and digits only, single spaces: notes that differ only in punctuation or spacing match. */
export function normaliseNote(note: string): string {
  return note
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function trigrams(text: string): Set<string> {
  const words = text.split(' ');
  const out = new Set<string>();
  if (words.length < 3) out.add(text);
  for (let i = 0; i + 2 < words.length; i++) out.add(`${words[i]} ${words[i + 1]} ${words[i + 2]}`);
  return out;
}

/** Jaccard similarity of two normalised notes' word trigrams (1 = the same words in the same order). */
export function noteSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  const x = trigrams(a);
  const y = trigrams(b);
  let common = 0;
  for (const t of x) if (y.has(t)) common += 1;
  return common / (x.size + y.size - common);
}

/** Identical or near-identical notes by different units (any leaves). */
export function sameNotes(units: readonly ReviewUnit[], config: Pick<ReviewConfig, 'noteMinLength' | 'noteSimilarity'>): Finding[] {
  const notes = units.flatMap((u) =>
    u.leaves
      .filter((l) => l.selfNote && normaliseNote(l.selfNote).length >= config.noteMinLength)
      .map((l) => ({ unit: u, leaf: l, text: normaliseNote(l.selfNote!) })),
  );
  const out: Finding[] = [];
  for (let i = 0; i < notes.length; i++) {
    for (let j = i + 1; j < notes.length; j++) {
      const a = notes[i]!;
      const b = notes[j]!;
      if (a.unit.unitCode === b.unit.unitCode) continue;
      const similarity = noteSimilarity(a.text, b.text);
      if (similarity < config.noteSimilarity) continue;
      const [first, second] = a.unit.unitCode < b.unit.unitCode ? [a, b] : [b, a];
      out.push({
        key: `SAME_NOTE/${first.unit.unitCode}/${first.leaf.code}/${second.unit.unitCode}/${second.leaf.code}`,
        kind: 'SAME_NOTE',
        groupCode: first.unit.groupCode === second.unit.groupCode ? first.unit.groupCode : null,
        fieldCode: first.leaf.fieldCode === second.leaf.fieldCode ? first.leaf.fieldCode : null,
        units: [first.unit.unitCode, second.unit.unitCode],
        leaves: [...new Set([first.leaf.code, second.leaf.code])],
        members: [],
        figures: { similarity },
        summary: `${first.unit.unitCode} (${first.leaf.code}) và ${second.unit.unitCode} (${second.leaf.code}) có ghi chú ${similarity === 1 ? 'giống hệt' : 'gần như giống'} nhau.`,
      });
    }
  }
  return sorted(out, (f) => f.key);
}

export interface EvidenceRef {
  readonly unitCode: string;
  readonly groupCode: string;
  readonly leafCode: string;
  readonly sha256: string;
  readonly fileName: string;
}

/** The same file (by SHA-256) uploaded by different units. */
export function sameEvidence(files: readonly EvidenceRef[]): Finding[] {
  const byHash = new Map<string, EvidenceRef[]>();
  for (const f of files) byHash.set(f.sha256, [...(byHash.get(f.sha256) ?? []), f]);
  const out: Finding[] = [];
  for (const [sha256, refs] of byHash) {
    const units = [...new Set(refs.map((r) => r.unitCode))].sort();
    if (units.length < 2) continue;
    const groups = [...new Set(refs.map((r) => r.groupCode))];
    out.push({
      key: `SAME_EVIDENCE/${sha256}`,
      kind: 'SAME_EVIDENCE',
      groupCode: groups.length === 1 ? groups[0]! : null,
      fieldCode: null,
      units,
      leaves: [...new Set(refs.map((r) => r.leafCode))].sort(),
      members: [],
      figures: { units: units.length, files: refs.length },
      summary: `Cùng một tệp “${refs[0]!.fileName}” (SHA-256 ${sha256.slice(0, 12)}…) được ${units.join(', ')} tải lên làm tài liệu kiểm chứng.`,
    });
  }
  return sorted(out, (f) => f.key);
}
