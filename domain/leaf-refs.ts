import { isLeaf, type CriteriaNode, type CriteriaSet, type LeafNode } from './criteria/types';

/**
 * What a unit workflow needs of each leaf: code, top-level field, maximum, whether the council appraises
 * it. The council appraises the self-scored leaves of the scored fields; a bonus/penalty section is no
 * field a member can be assigned (services/criteria.ts `fieldsOf`), so its self entry stands.
 */
export interface LeafRefData {
  code: string;
  field: string;
  max: number;
  appraisable: boolean;
}

export function leafRefs(set: CriteriaSet): LeafRefData[] {
  const out: LeafRefData[] = [];
  const walk = (node: CriteriaNode, field: string, adjustment: boolean) => {
    if (isLeaf(node)) out.push({ code: node.code, field, max: node.max, appraisable: node.scoredBy === 'self' && !adjustment });
    else for (const child of node.children) walk(child, field, adjustment);
  };
  for (const top of set.nodes) walk(top, top.code, !isLeaf(top) && top.adjustment !== undefined);
  return out;
}

/** The leaf with this code, following the dotted code down the tree; undefined when there is none. */
export function findLeaf(set: CriteriaSet, code: string): LeafNode | undefined {
  let nodes: readonly CriteriaNode[] = set.nodes;
  for (;;) {
    const next = nodes.find((n) => n.code === code || code.startsWith(`${n.code}.`));
    if (!next) return undefined;
    if (isLeaf(next)) return next.code === code ? next : undefined;
    nodes = next.children;
  }
}
