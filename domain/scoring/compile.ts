import { isLeaf, type Adjustment, type CriteriaNode, type CriteriaSet, type GroupNode, type LeafNode } from '../criteria/types';

/** A criteria set flattened once for scoring many units against it. */
export interface CompiledSet {
  readonly set: CriteriaSet;
  /** Every leaf, in tree order. */
  readonly leaves: readonly CompiledLeaf[];
  /** Every group node (fields, criteria, bonus/penalty sections), in tree order. */
  readonly groups: readonly CompiledGroup[];
  readonly leafCodes: ReadonlySet<string>;
  readonly nodeCodes: ReadonlySet<string>;
}

export interface CompiledLeaf {
  readonly node: LeafNode;
  /** Indexes into `groups` of the groups above this leaf, outermost first. */
  readonly groupIndexes: readonly number[];
  /** Codes of the groups above this leaf and its own, outermost first (for not-applicable flags). */
  readonly path: readonly string[];
}

export interface CompiledGroup {
  readonly node: GroupNode;
  readonly depth: number;
  /** Set on a top-level bonus/penalty section. */
  readonly adjustment?: Adjustment;
  /** A top-level group that is part of the scale (one of the fields). */
  readonly isField: boolean;
}

const cache = new WeakMap<CriteriaSet, CompiledSet>();

/** The flattened form of a (valid, immutable) set; computed once per set object and cached. */
export function compileCriteriaSet(set: CriteriaSet): CompiledSet {
  const cached = cache.get(set);
  if (cached) return cached;
  const leaves: CompiledLeaf[] = [];
  const groups: CompiledGroup[] = [];
  const leafCodes = new Set<string>();
  const nodeCodes = new Set<string>();
  const visit = (node: CriteriaNode, depth: number, groupIndexes: number[], path: string[]): void => {
    nodeCodes.add(node.code);
    const ownPath = [...path, node.code];
    if (isLeaf(node)) {
      leafCodes.add(node.code);
      leaves.push({ node, groupIndexes, path: ownPath });
      return;
    }
    const index = groups.length;
    groups.push({
      node,
      depth,
      ...(depth === 1 && node.adjustment ? { adjustment: node.adjustment } : {}),
      isField: depth === 1 && node.adjustment === undefined,
    });
    for (const child of node.children) visit(child, depth + 1, [...groupIndexes, index], ownPath);
  };
  for (const node of set.nodes) visit(node, 1, [], []);
  const compiled: CompiledSet = { set, leaves, groups, leafCodes, nodeCodes };
  cache.set(set, compiled);
  return compiled;
}
