import { isLeaf, type CriteriaNode, type CriteriaSet, type LeafNode } from './criteria/types';

/** What a unit workflow needs of each leaf: code, top-level field, maximum, whether the council appraises it. */
export interface LeafRefData {
  code: string;
  field: string;
  max: number;
  appraisable: boolean;
}

export function leafRefs(set: CriteriaSet): LeafRefData[] {
  const out: LeafRefData[] = [];
  const walk = (node: CriteriaNode, field: string) => {
    if (isLeaf(node)) out.push({ code: node.code, field, max: node.max, appraisable: node.scoredBy === 'self' });
    else for (const child of node.children) walk(child, field);
  };
  for (const top of set.nodes) walk(top, top.code);
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
