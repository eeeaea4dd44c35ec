import { LEAF_KIND_LABELS } from '../../../../domain/criteria/labels';
import type { LeafNode } from '../../../../domain/criteria/types';
import { formatPoints } from '../../../../domain/decimal';
import { h, type Child } from '../../lib/dom';

/** The pieces every leaf card shows alike, on the unit's sheet and on the council's field screen. */

/** The leaf's heading (code and title) with its kind and maximum. */
export function leafHead(leaf: LeafNode, titleId: string, level: 'h3' | 'h4'): HTMLElement {
  return h(
    'header',
    { class: 'leaf-head' },
    h(level, { id: titleId }, h('span', { class: 'code' }, leaf.code), ' ', leaf.title),
    h('p', { class: 'leaf-meta' }, h('span', { class: 'badge' }, LEAF_KIND_LABELS[leaf.kind]), ` Tối đa ${formatPoints(leaf.max)} điểm`),
  );
}

/** How the leaf is scored: the method, its rules as lines (where there are any) and the evidence asked for. */
export function leafRules(leaf: LeafNode, rules: string[], evidenceLabel: string, ...more: Child[]): HTMLElement {
  return h(
    'div',
    { class: 'leaf-rules' },
    h('p', null, h('strong', null, 'Phương pháp chấm: '), leaf.method),
    rules.length ? h('ul', { class: 'rule-list' }, rules.map((r) => h('li', null, r))) : null,
    h('p', null, h('strong', null, `${evidenceLabel}: `), leaf.evidence),
    ...more,
  );
}
