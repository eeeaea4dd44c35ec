import { isLeaf, type CriteriaNode, type CriteriaSet, type LeafNode } from '../domain/criteria/types';
import { parseCriteriaSet } from '../domain/criteria/parse';
import type { Db } from '../lib/db/prisma';
import { HttpProblem } from '../api/problem';

/**
 * Stored criteria sets, parsed once per version: a draft save or a status board would otherwise
 * re-validate a tree of a hundred leaves on every request.
 */
const cache = new Map<string, { stamp: number; set: CriteriaSet }>();
const MAX_CACHED = 200;

export function storedSet(row: { id: string; updatedAt: Date; tree: unknown }): CriteriaSet {
  const stamp = row.updatedAt.getTime();
  const hit = cache.get(row.id);
  if (hit && hit.stamp === stamp) return hit.set;
  const parsed = parseCriteriaSet(row.tree);
  if (!parsed.ok) throw new HttpProblem(500, 'Lỗi hệ thống', 'Bộ tiêu chí đã lưu không đọc được; liên hệ Sở Nội vụ.', { code: 'CRITERIA_SET_CORRUPT' });
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
  cache.set(row.id, { stamp, set: parsed.value });
  return parsed.value;
}

/** The parsed set of a stored row known by id and version; its tree is read only on a cache miss. */
export async function loadSet(db: Pick<Db, 'criteriaSet'>, ref: { id: string; updatedAt: Date }): Promise<CriteriaSet> {
  const hit = cache.get(ref.id);
  if (hit && hit.stamp === ref.updatedAt.getTime()) return hit.set;
  const row = await db.criteriaSet.findUniqueOrThrow({ where: { id: ref.id }, select: { id: true, updatedAt: true, tree: true } });
  return storedSet(row);
}

export interface FieldInfo {
  code: string;
  title: string;
  /** Leaves the unit scores and the council appraises. */
  appraisable: string[];
  /** Every leaf below the field. */
  leaves: string[];
}

/** The scored fields (not the bonus/penalty sections), in order, with their leaves. */
export function fieldsOf(set: CriteriaSet): FieldInfo[] {
  return set.nodes
    .filter((n) => isLeaf(n) || !n.adjustment)
    .map((top) => {
      const leaves = leavesUnder(top);
      return { code: top.code, title: top.title, leaves: leaves.map((l) => l.code), appraisable: leaves.filter((l) => l.scoredBy === 'self').map((l) => l.code) };
    });
}

export function leavesUnder(node: CriteriaNode): LeafNode[] {
  if (isLeaf(node)) return [node];
  return node.children.flatMap(leavesUnder);
}

export function allLeaves(set: CriteriaSet): LeafNode[] {
  return set.nodes.flatMap(leavesUnder);
}

const leafIndex = new WeakMap<CriteriaSet, Map<string, LeafNode>>();

/** The leaf with this code in the set (indexed once per parsed set). */
export function leafOf(set: CriteriaSet, code: string): LeafNode | undefined {
  let index = leafIndex.get(set);
  if (!index) leafIndex.set(set, (index = new Map(allLeaves(set).map((l) => [l.code, l]))));
  return index.get(code);
}
