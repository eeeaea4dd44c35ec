/**
 * Benchmark of the domain: score and rank 10,000 units against a 100-leaf criteria set.
 * Run: npm run bench:domain [-- units]. Prints figures; asserts nothing (tests do that).
 */
import { performance } from 'node:perf_hooks';
import {
  compileCriteriaSet,
  rankUnits,
  scoreUnit,
  type CriteriaNode,
  type CriteriaSet,
  type LeafInput,
  type LeafNode,
  type RankingEntry,
  type UnitScore,
  type UnitScoreInput,
  validateCriteriaSet,
} from '../domain';

const UNITS = Number(process.argv[2] ?? 10_000);
const FIELDS = 8;
const LEAVES_PER_FIELD = [13, 13, 13, 13, 12, 12, 12, 10]; // 98 leaves in the fields …
const ADJUSTMENT_ITEMS = 2; // … + 1 bonus and 1 penalty item = 100 leaves

/** A deterministic PRNG (mulberry32), so every run scores the same inputs. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const base = { scoredBy: 'self' as const, method: 'Phương pháp chấm', evidence: 'Tài liệu kiểm chứng' };
function leaf(code: string, i: number): LeafNode {
  const max = 100;
  switch (i % 7) {
    case 0:
      return { code, title: `Tiêu chí ${code}`, max, kind: 'tiered', ...base, levels: [{ points: 100, label: 'Đạt' }, { points: 50, label: 'Một phần' }, { points: 0, label: 'Không' }] };
    case 1:
      return { code, title: `Tiêu chí ${code}`, max, kind: 'threshold', ...base, bands: [{ from: 9000, to: null, points: 100 }, { from: 7000, to: 9000, points: 50 }, { from: 0, to: 7000, points: 0 }] };
    case 2:
      return { code, title: `Tiêu chí ${code}`, max, kind: 'binary', ...base };
    case 3:
      return { code, title: `Tiêu chí ${code}`, max, kind: 'formula', ...base, numerator: 'Tử số', denominator: 'Mẫu số', mode: 'proportional', onZeroDenominator: 'max' };
    case 4:
      return {
        code,
        title: `Tiêu chí ${code}`,
        max,
        kind: 'formula',
        ...base,
        numerator: 'Tử số',
        denominator: 'Mẫu số',
        mode: 'bands',
        bands: [{ from: 10000, to: null, points: 100 }, { from: 9500, to: 10000, points: 50 }, { from: 0, to: 9500, points: 0 }],
        onZeroDenominator: 'notApplicable',
      };
    case 5:
      return { code, title: `Tiêu chí ${code}`, max, kind: 'survey', scoredBy: 'survey', method: 'Điều tra', evidence: 'Không' };
    default:
      return { code, title: `Tiêu chí ${code}`, max, kind: 'satisfaction', scoredBy: 'satisfaction', method: 'Khảo sát', evidence: 'Không' };
  }
}

function benchSet(): CriteriaSet {
  const nodes: CriteriaNode[] = [];
  let n = 0;
  for (let f = 1; f <= FIELDS; f++) {
    const count = LEAVES_PER_FIELD[f - 1]!;
    const criteria: CriteriaNode[] = [];
    for (let c = 1; c * 3 - 2 <= count; c++) {
      const leaves: LeafNode[] = [];
      for (let s = 1; s <= 3 && (c - 1) * 3 + s <= count; s++) leaves.push(leaf(`${f}.${c}.${s}`, n++));
      criteria.push({ code: `${f}.${c}`, title: `Tiêu chí ${f}.${c}`, max: leaves.reduce((sum, l) => sum + l.max, 0), children: leaves });
    }
    nodes.push({ code: String(f), title: `Lĩnh vực ${f}`, max: criteria.reduce((sum, c) => sum + c.max, 0), children: criteria });
  }
  const scale = nodes.reduce((sum, x) => sum + x.max, 0);
  nodes.push({ code: '9', title: 'Điểm thưởng', max: 200, adjustment: 'bonus', children: [{ code: '9.1', title: 'Sáng kiến', max: 100, kind: 'bonus', ...base, perOccurrence: 50 }] });
  nodes.push({ code: '10', title: 'Điểm trừ', max: 200, adjustment: 'penalty', children: [{ code: '10.1', title: 'Bị phê bình', max: 200, kind: 'penalty', ...base }] });
  return { format: 'par-criteria-set', version: 1, year: 2023, groupCode: 'BENCH', title: 'Bộ tiêu chí đo hiệu năng', sample: true, scale, nodes };
}

function leafInput(node: LeafNode, random: () => number): LeafInput {
  const r = random();
  if (r < 0.03) return { notApplicable: true };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  switch (node.kind) {
    case 'tiered':
      return { self: { points: pick([100, 50, 0]) }, ...(r < 0.5 ? { appraised: { points: pick([100, 50, 0]) } } : {}) };
    case 'threshold':
      return { self: { ratio: Math.floor(random() * 11000) } };
    case 'binary':
      return { self: { achieved: r < 0.8 }, ...(r < 0.3 ? { appraised: { achieved: false }, final: { achieved: true } } : {}) };
    case 'formula': {
      const denominator = Math.floor(random() * 50000);
      return { self: { numerator: Math.floor(random() * (denominator + 1)), denominator } };
    }
    case 'survey':
      return { survey: { A: Math.floor(random() * 20), B: Math.floor(random() * 20), C: Math.floor(random() * 10), D: Math.floor(random() * 5), E: Math.floor(random() * 5) } };
    case 'satisfaction':
      return { satisfaction: 6000 + Math.floor(random() * 4001) };
    case 'bonus':
      return { self: { occurrences: Math.floor(random() * 3) } };
    case 'penalty':
      return { self: { points: r < 0.2 ? 50 : 0 } };
  }
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function main(): void {
  const set = benchSet();
  const issues = validateCriteriaSet(set);
  if (issues.length > 0) throw new Error(issues.map((i) => i.message).join('\n'));
  const leaves = compileCriteriaSet(set).leaves.map((l) => l.node);
  if (leaves.length !== LEAVES_PER_FIELD.reduce((a, b) => a + b, 0) + ADJUSTMENT_ITEMS) throw new Error(`expected 100 leaves, got ${leaves.length}`);

  const random = prng(2023);
  const t0 = performance.now();
  const inputs: UnitScoreInput[] = [];
  for (let u = 0; u < UNITS; u++) {
    const byCode: Record<string, LeafInput> = {};
    for (const node of leaves) byCode[node.code] = leafInput(node, random);
    inputs.push({ unitCode: `U${String(u).padStart(5, '0')}`, leaves: byCode });
  }
  const tInputs = performance.now() - t0;

  // Warm-up on a slice, so the figure below is steady-state code, not the JIT's first pass.
  for (let u = 0; u < Math.min(500, UNITS); u++) scoreUnit(set, inputs[u]!);

  const heapBefore = process.memoryUsage().heapUsed;
  const t1 = performance.now();
  const scores: UnitScore[] = new Array<UnitScore>(UNITS);
  for (let u = 0; u < UNITS; u++) scores[u] = scoreUnit(set, inputs[u]!);
  const t2 = performance.now();
  const entries: RankingEntry[] = scores.map((s, u) => ({
    unitCode: s.unitCode!,
    groupCode: u % 2 === 0 ? 'SO_NGANH' : 'HUYEN',
    index: s.index,
    points: s.points,
    max: s.max,
    ...(u % 997 === 0 ? { exclusion: { reason: 'Thiếu trung thực' } } : {}),
  }));
  const ranking = rankUnits(entries);
  const t3 = performance.now();
  const heapAfter = process.memoryUsage().heapUsed;

  const ranked = ranking.reduce((n, g) => n + g.ranked.length, 0);
  const unranked = ranking.reduce((n, g) => n + g.unranked.length, 0);
  const issueCount = scores.reduce((n, s) => n + s.issues.length, 0);
  const top = ranking[0]?.ranked[0];
  console.log(`Domain benchmark — ${UNITS.toLocaleString('en')} units × ${leaves.length} leaves (${(UNITS * leaves.length).toLocaleString('en')} leaf scores), Node ${process.version}`);
  console.log(`  inputs generated (not timed):   ${tInputs.toFixed(0)} ms`);
  console.log(`  score all units (scoreUnit):    ${(t2 - t1).toFixed(0)} ms  (${((t2 - t1) * 1000 / UNITS).toFixed(1)} µs per unit)`);
  console.log(`  rank (rankUnits, 2 groups):     ${(t3 - t2).toFixed(0)} ms`);
  console.log(`  score + rank:                   ${(t3 - t1).toFixed(0)} ms  (goal: under 1000 ms)`);
  console.log(`  ranked ${ranked}, listed apart ${unranked}, entry issues ${issueCount}; top: ${top?.unitCode} ${top ? (top.index / 100).toFixed(2) : '-'} %`);
  console.log(`  heap growth while scoring:      ${mb(heapAfter - heapBefore)} (results for every leaf of every unit kept)`);
  console.log(`  peak resident memory (maxRSS):  ${mb(process.resourceUsage().maxRSS * 1024)}`);
}

main();
