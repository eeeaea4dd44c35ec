import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  classify,
  compileCriteriaSet,
  criteriaSetToJson,
  DomainError,
  formatHundredths,
  mulDivRoundHalfUp,
  parseCriteriaSet,
  parseCriteriaSetJson,
  rankUnits,
  scoreUnit,
  surveyPoints,
  toHundredths,
  type CriteriaSet,
  type LeafInput,
  type LeafNode,
  type RankingEntry,
  type UnitScoreInput,
} from '../../domain';
import { criteriaSetFromXlsx, criteriaSetToXlsx } from '../../adapters/xlsx/criteria';
import { pointsArb, setArb, unitInputArb } from './arbitraries';

/** The leaves whose points a test can set directly: self-scored (not penalties), survey, proportional satisfaction. */
const settable = (set: CriteriaSet): LeafNode[] =>
  compileCriteriaSet(set)
    .leaves.map((l) => l.node)
    .filter((leaf) => leaf.kind !== 'penalty' && !(leaf.kind === 'satisfaction' && leaf.bands !== undefined));

/** A set, a unit's inputs for it, and one of its leaves that can be raised. */
const scenarioArb = setArb
  .filter((set) => settable(set).length > 0)
  .chain((set) => fc.tuple(fc.constant(set), unitInputArb(set), fc.constantFrom(...settable(set))));

const withLeaf = (input: UnitScoreInput, code: string, leafInput: UnitScoreInput['leaves'][string]): UnitScoreInput => ({
  ...input,
  leaves: { ...input.leaves, [code]: leafInput },
});

/** The input giving `leaf` exactly `points` (0 or max for survey and satisfaction leaves). */
function atPoints(leaf: LeafNode, points: number): LeafInput {
  if (leaf.kind === 'survey') return { survey: { [points === leaf.max ? 'A' : 'D']: 1 } };
  if (leaf.kind === 'satisfaction') return { satisfaction: points === leaf.max ? 10000 : 0 };
  return { final: { points } };
}

describe('properties of scoring', () => {
  it('the index is within [0, 100] %, and null exactly when nothing applies', () => {
    fc.assert(
      fc.property(setArb.chain((set) => fc.tuple(fc.constant(set), unitInputArb(set))), ([set, input]) => {
        const score = scoreUnit(set, input);
        expect(score.points).toBeGreaterThanOrEqual(0);
        expect(score.points).toBeLessThanOrEqual(score.max);
        if (score.max === 0) expect(score.index).toBeNull();
        else {
          expect(score.index).toBeGreaterThanOrEqual(0);
          expect(score.index).toBeLessThanOrEqual(10000);
        }
        for (const field of score.fields) {
          if (field.index !== null) expect(field.index).toBeGreaterThanOrEqual(0);
          if (field.index !== null) expect(field.index).toBeLessThanOrEqual(10000);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('totals are the exact sums of the leaves, bonus and penalty within their caps', () => {
    fc.assert(
      fc.property(setArb.chain((set) => fc.tuple(fc.constant(set), unitInputArb(set))), ([set, input]) => {
        const score = scoreUnit(set, input);
        const compiled = compileCriteriaSet(set);
        let base = 0;
        let max = 0;
        compiled.leaves.forEach((leaf, i) => {
          const top = compiled.groups[leaf.groupIndexes[0]!]!;
          const s = score.leaves[i]!;
          expect(s.achieved === null || (s.achieved >= 0 && s.achieved <= leaf.node.max)).toBe(true);
          if (top.isField) {
            base += s.achieved ?? 0;
            max += s.max;
          }
        });
        expect(score.basePoints).toBe(base);
        expect(score.max).toBe(max);
        expect(score.points).toBe(Math.max(0, Math.min(max, base + score.bonus - score.penalty)));
      }),
      { numRuns: 200 },
    );
  });

  it('raising one leaf never lowers the index', () => {
    fc.assert(
      fc.property(
        scenarioArb.chain(([set, input, leaf]) => {
          const values = leaf.scoredBy === 'self' ? pointsArb(leaf) : fc.constantFrom(0, leaf.max);
          return fc.tuple(fc.constant(set), fc.constant(input), fc.constant(leaf), values, values);
        }),
        ([set, input, leaf, a, b]) => {
          const [low, high] = a <= b ? [a, b] : [b, a];
          const lower = scoreUnit(set, withLeaf(input, leaf.code, atPoints(leaf, low)));
          const higher = scoreUnit(set, withLeaf(input, leaf.code, atPoints(leaf, high)));
          expect(higher.points).toBeGreaterThanOrEqual(lower.points);
          if (lower.index !== null) expect(higher.index!).toBeGreaterThanOrEqual(lower.index);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a leaf scored at its maximum never lowers the index compared with marking it not applicable', () => {
    fc.assert(
      fc.property(scenarioArb, ([set, input, leaf]) => {
        const notApplicable = scoreUnit(set, withLeaf(input, leaf.code, { notApplicable: true }));
        const full = scoreUnit(set, withLeaf(input, leaf.code, atPoints(leaf, leaf.max)));
        if (notApplicable.index !== null && full.index !== null) expect(full.index).toBeGreaterThanOrEqual(notApplicable.index);
      }),
      { numRuns: 300 },
    );
  });

  it('survey points lie within [0, max] and equal max × mean weight rounded half-up, exactly', () => {
    const weights: Record<string, number> = { A: 100, B: 60, C: 20, D: 0 };
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100000 }), fc.record({ A: fc.nat(1000), B: fc.nat(1000), C: fc.nat(1000), D: fc.nat(1000), E: fc.nat(1000) }), (max, tally) => {
        const points = surveyPoints(max, tally);
        const valid = tally.A + tally.B + tally.C + tally.D;
        if (valid === 0) return expect(points).toBeNull();
        const num = BigInt(max) * BigInt(Object.entries(weights).reduce((s, [k, w]) => s + w * tally[k as 'A'], 0)) * 2n;
        const den = BigInt(valid * 100) * 2n;
        expect(BigInt(points!)).toBe((num + den / 2n) / den);
        expect(points!).toBeGreaterThanOrEqual(0);
        expect(points!).toBeLessThanOrEqual(max);
      }),
    );
  });
});

describe('properties of ranking', () => {
  const entriesArb = fc
    .uniqueArray(
      fc.record({
        unitCode: fc.stringMatching(/^[A-Z]{1,3}$/),
        groupCode: fc.constantFrom('SO_NGANH', 'HUYEN'),
        index: fc.option(fc.integer({ min: 8990, max: 9010 }), { nil: null, freq: 8 }),
        excluded: fc.boolean(),
      }),
      { selector: (e) => e.unitCode, maxLength: 30 },
    )
    .map((list) =>
      list.map((e): RankingEntry => ({ unitCode: e.unitCode, groupCode: e.groupCode, index: e.index, ...(e.excluded && e.unitCode.length === 1 ? { exclusion: { reason: 'Thiếu trung thực' } } : {}) })),
    );

  it('is independent of the order of its input', () => {
    fc.assert(
      fc.property(entriesArb.chain((entries) => fc.tuple(fc.constant(entries), fc.shuffledSubarray(entries, { minLength: entries.length }))), ([entries, shuffled]) => {
        expect(rankUnits(shuffled)).toStrictEqual(rankUnits(entries));
      }),
    );
  });

  it('gives equal indices equal ranks, and each rank is 1 + the number of units strictly above', () => {
    fc.assert(
      fc.property(entriesArb, (entries) => {
        for (const group of rankUnits(entries)) {
          for (const unit of group.ranked) {
            expect(unit.rank).toBe(1 + group.ranked.filter((u) => u.index > unit.index).length);
            expect(unit.classification).toEqual(classify(unit.index));
          }
          const all = [...group.ranked.map((u) => u.unitCode), ...group.unranked.map((u) => u.unitCode)].sort();
          expect(all).toEqual(entries.filter((e) => e.groupCode === group.groupCode).map((e) => e.unitCode).sort());
          for (const u of group.unranked) {
            const e = entries.find((x) => x.unitCode === u.unitCode)!;
            expect(u.cause).toBe(e.exclusion ? 'EXCLUDED' : 'NO_INDEX');
          }
        }
      }),
    );
  });
});

describe('properties of import and export', () => {
  it('generated sets are valid', () => {
    fc.assert(
      fc.property(setArb, (set) => {
        expect(parseCriteriaSet(JSON.parse(JSON.stringify(set)))).toStrictEqual({ ok: true, value: set });
      }),
      { numRuns: 200 },
    );
  });

  it('JSON import ∘ export is the identity', () => {
    fc.assert(
      fc.property(setArb, (set) => {
        expect(parseCriteriaSetJson(criteriaSetToJson(set))).toStrictEqual({ ok: true, value: set });
      }),
      { numRuns: 200 },
    );
  });

  it('Excel import ∘ export is the identity', async () => {
    await fc.assert(
      fc.asyncProperty(setArb, async (set: CriteriaSet) => {
        expect(await criteriaSetFromXlsx(await criteriaSetToXlsx(set))).toStrictEqual({ ok: true, value: set });
      }),
      { numRuns: 40 },
    );
  });
});

describe('properties of the hundredths helpers', () => {
  it('parsing what is formatted gives the value back, with either separator', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), (h) => {
        expect(toHundredths(formatHundredths(h, ','))).toBe(h);
        expect(toHundredths(formatHundredths(h, '.'))).toBe(h);
      }),
    );
  });

  it('mulDivRoundHalfUp agrees with BigInt arithmetic, and refuses results beyond 2^53', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: 1, max: 2 ** 31 }), (a, b, d) => {
        const p = BigInt(a) * BigInt(b);
        const q = p / BigInt(d) + (2n * (p % BigInt(d)) >= BigInt(d) ? 1n : 0n);
        if (q > BigInt(Number.MAX_SAFE_INTEGER)) expect(() => mulDivRoundHalfUp(a, b, d)).toThrow(DomainError);
        else expect(BigInt(mulDivRoundHalfUp(a, b, d))).toBe(q);
      }),
    );
  });
});
