import fc from 'fast-check';
import {
  allowedPoints,
  compileCriteriaSet,
  type Band,
  type CriteriaNode,
  type CriteriaSet,
  type GroupNode,
  type LeafInput,
  type LeafNode,
  type ScoreEntry,
  type UnitScoreInput,
} from '../../domain';

/** Precomposed Vietnamese letters and the punctuation titles use (NFC-stable, no control characters). */
const CHARS = [...'aBcđĐăâêôơưáàảãạếềểễệốồổỗộớờởỡợứừửữựíìỉĩịýỳỷỹỵ ()-,.:=%/0123456789'];

const text = (maxLength: number, multiLine = false): fc.Arbitrary<string> =>
  fc
    .string({ unit: fc.constantFrom(...CHARS, ...(multiLine ? ['\n'] : [])), minLength: 1, maxLength })
    .map((s) => s.trim())
    .filter((s) => s.length > 0);

/** Bands covering [0 %, ∞) without gap or overlap, one of them giving `max`. */
export const bandsArb = (max: number): fc.Arbitrary<Band[]> =>
  fc.uniqueArray(fc.integer({ min: 1, max: 20000 }), { maxLength: 3 }).chain((cuts) => {
    const bounds = [0, ...[...cuts].sort((a, b) => a - b)];
    const n = bounds.length;
    return fc.tuple(fc.array(fc.integer({ min: 0, max }), { minLength: n, maxLength: n }), fc.integer({ min: 0, max: n - 1 })).map(([points, top]) => {
      points[top] = max;
      return bounds.map((from, i) => ({ from, to: i + 1 < n ? bounds[i + 1]! : null, points: points[i]! })).reverse();
    });
  });

type Uncoded<T> = T extends unknown ? Omit<T, 'code'> : never;
type LeafShape = Uncoded<LeafNode>;

const common = { method: text(40, true), evidence: text(40, true), title: text(60, true) };

const leafShape = (max: number): fc.Arbitrary<LeafShape> =>
  fc.oneof(
    fc.record({
      ...common,
      levels: fc
        .uniqueArray(fc.integer({ min: 0, max: max - 1 }), { maxLength: 3 })
        .chain((others) => fc.tuple(...[max, ...others].map((points) => text(20).map((label) => ({ points, label }))))),
    }).map((r) => ({ title: r.title, max, kind: 'tiered' as const, scoredBy: 'self' as const, levels: r.levels, method: r.method, evidence: r.evidence })),
    fc.record({ ...common, ratioLabel: fc.option(text(20), { nil: undefined }), bands: bandsArb(max) }).map((r) => ({
      title: r.title,
      max,
      kind: 'threshold' as const,
      scoredBy: 'self' as const,
      ...(r.ratioLabel !== undefined ? { ratioLabel: r.ratioLabel } : {}),
      bands: r.bands,
      method: r.method,
      evidence: r.evidence,
    })),
    fc.record(common).map((r) => ({ title: r.title, max, kind: 'binary' as const, scoredBy: 'self' as const, method: r.method, evidence: r.evidence })),
    fc
      .record({ ...common, numerator: text(20), denominator: text(20), bands: fc.option(bandsArb(max), { nil: undefined }), onZero: fc.constantFrom('max' as const, 'zero' as const, 'notApplicable' as const) })
      .map((r) => ({
        title: r.title,
        max,
        kind: 'formula' as const,
        scoredBy: 'self' as const,
        numerator: r.numerator,
        denominator: r.denominator,
        mode: r.bands ? ('bands' as const) : ('proportional' as const),
        ...(r.bands ? { bands: r.bands } : {}),
        onZeroDenominator: r.onZero,
        method: r.method,
        evidence: r.evidence,
      })),
    fc.record(common).map((r) => ({ title: r.title, max, kind: 'survey' as const, scoredBy: 'survey' as const, method: r.method, evidence: r.evidence })),
    fc.record({ ...common, bands: fc.option(bandsArb(max), { nil: undefined }) }).map((r) => ({
      title: r.title,
      max,
      kind: 'satisfaction' as const,
      scoredBy: 'satisfaction' as const,
      ...(r.bands ? { bands: r.bands } : {}),
      method: r.method,
      evidence: r.evidence,
    })),
  );

const leafArb = fc.integer({ min: 1, max: 500 }).chain(leafShape);
const adjustmentItemArb = (kind: 'bonus' | 'penalty') =>
  fc.integer({ min: 1, max: 300 }).chain((max) =>
    fc.record({ ...common, perOccurrence: fc.option(fc.integer({ min: 1, max }), { nil: undefined }) }).map((r) => ({
      title: r.title,
      max,
      kind,
      scoredBy: 'self' as const,
      ...(r.perOccurrence !== undefined ? { perOccurrence: r.perOccurrence } : {}),
      method: r.method,
      evidence: r.evidence,
    })),
  );

type Shape = { title: string; children: Shape[] } | LeafShape;
const criterionArb: fc.Arbitrary<Shape> = fc.oneof(leafArb, fc.record({ title: text(40), children: fc.array(leafArb, { minLength: 1, maxLength: 3 }) }));
const fieldArb = fc.record({ title: text(40), children: fc.array(criterionArb, { minLength: 1, maxLength: 3 }) });
const sectionArb = (kind: 'bonus' | 'penalty') =>
  fc.option(fc.record({ title: text(20), cap: fc.integer({ min: 1, max: 300 }), children: fc.array(adjustmentItemArb(kind), { minLength: 1, maxLength: 2 }) }), { nil: undefined });

/** Gives every node its code (from its position) and every group its max (the sum of its children's). */
function coded(shape: Shape, code: string): CriteriaNode {
  if ('children' in shape) {
    const children = shape.children.map((c, i) => coded(c, `${code}.${i + 1}`));
    return { code, title: shape.title, max: children.reduce((s, c) => s + c.max, 0), children } as GroupNode;
  }
  return { code, ...shape } as LeafNode;
}

/** A random valid criteria set: 1–4 fields, criteria with or without sub-criteria, every leaf kind, optional bonus/penalty. */
export const setArb: fc.Arbitrary<CriteriaSet> = fc
  .record({
    year: fc.integer({ min: 2020, max: 2040 }),
    groupCode: fc.constantFrom('SO_NGANH', 'HUYEN', 'XA_2025'),
    title: text(60),
    sample: fc.boolean(),
    note: fc.option(text(60, true), { nil: undefined }),
    fields: fc.array(fieldArb, { minLength: 1, maxLength: 4 }),
    bonus: sectionArb('bonus'),
    penalty: sectionArb('penalty'),
  })
  .map((r) => {
    const fields = r.fields.map((f, i) => coded(f, String(i + 1)));
    const sections: CriteriaNode[] = [];
    let next = fields.length + 1;
    for (const [kind, s] of [['bonus', r.bonus], ['penalty', r.penalty]] as const) {
      if (!s) continue;
      const code = String(next++);
      sections.push({ code, title: s.title, max: s.cap, adjustment: kind, children: s.children.map((c, i) => ({ code: `${code}.${i + 1}`, ...c }) as LeafNode) });
    }
    return {
      format: 'par-criteria-set' as const,
      version: 1 as const,
      year: r.year,
      groupCode: r.groupCode,
      title: r.title,
      sample: r.sample,
      ...(r.note !== undefined ? { note: r.note } : {}),
      scale: fields.reduce((s, f) => s + f.max, 0),
      nodes: [...fields, ...sections],
    };
  });

/** An entry the leaf accepts (self-scored leaves only). */
export function entryArb(leaf: LeafNode): fc.Arbitrary<ScoreEntry> {
  switch (leaf.kind) {
    case 'threshold':
      return fc.integer({ min: 0, max: 25000 }).map((ratio) => ({ ratio }));
    case 'binary':
      return fc.boolean().map((achieved) => ({ achieved }));
    case 'formula':
      return fc.tuple(fc.integer({ min: 0, max: 10000 }), fc.integer({ min: 0, max: 10000 })).map(([numerator, denominator]) => ({ numerator, denominator }));
    default:
      return pointsArb(leaf).map((points) => ({ points }));
  }
}

/** Points a self-scored leaf accepts as a plain `points` entry. */
export function pointsArb(leaf: LeafNode): fc.Arbitrary<number> {
  const allowed = allowedPoints(leaf);
  return allowed === null ? fc.integer({ min: 0, max: leaf.max }) : fc.constantFrom(...allowed);
}

const tallyArb = fc.record({ A: fc.nat(4), B: fc.nat(4), C: fc.nat(4), D: fc.nat(4), E: fc.nat(4) });

function leafInputArb(leaf: LeafNode): fc.Arbitrary<LeafInput | undefined> {
  if (leaf.kind === 'survey') return fc.option(tallyArb.map((survey) => ({ survey })), { nil: undefined });
  if (leaf.kind === 'satisfaction') return fc.option(fc.integer({ min: 0, max: 10000 }).map((satisfaction) => ({ satisfaction })), { nil: undefined });
  const e = entryArb(leaf);
  return fc.oneof(
    fc.constant(undefined),
    fc.constant({ notApplicable: true }),
    e.map((self) => ({ self })),
    fc.tuple(e, e).map(([self, appraised]) => ({ self, appraised })),
    fc.tuple(e, e, e).map(([self, appraised, final]) => ({ self, appraised, final })),
  );
}

/** Random inputs of one unit for `set`, with the occasional whole field not applicable. */
export function unitInputArb(set: CriteriaSet, unitCode = 'U'): fc.Arbitrary<UnitScoreInput> {
  const leaves = compileCriteriaSet(set).leaves.map((l) => l.node);
  const fieldCodes = set.nodes.map((n) => n.code);
  return fc
    .tuple(fc.tuple(...leaves.map(leafInputArb)), fc.subarray(fieldCodes, { maxLength: 1 }))
    .map(([inputs, notApplicable]) => {
      const byCode: Record<string, LeafInput> = {};
      inputs.forEach((input, i) => {
        if (input !== undefined) byCode[leaves[i]!.code] = input;
      });
      return { unitCode, leaves: byCode, ...(notApplicable.length ? { notApplicable } : {}) };
    });
}
