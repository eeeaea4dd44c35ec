import { describeBand } from '../../../domain/criteria/bands';
import { isLeaf, type Band, type CriteriaNode, type CriteriaSet, type GroupNode, type LeafNode } from '../../../domain/criteria/types';
import { ZERO_DENOMINATOR_LABELS } from '../../../domain/criteria/labels';
import { formatPoints } from '../../../domain/decimal';

/** Walking a criteria set the way the screens need it. */

export function leavesOf(node: CriteriaNode): LeafNode[] {
  if (isLeaf(node)) return [node];
  return node.children.flatMap(leavesOf);
}

/** The fields (and bonus/penalty sections): the tree's top level. */
export function fieldsOf(set: CriteriaSet): GroupNode[] {
  return set.nodes.filter((n): n is GroupNode => !isLeaf(n));
}

export function isSelfScored(leaf: LeafNode): boolean {
  return leaf.scoredBy === 'self';
}

/** What a leaf allows, one line each: its levels, its bands, or its formula — shown beside the entry. */
export function ruleLines(leaf: LeafNode): string[] {
  const bandLine = (b: Band) => `${describeBand(b)}: ${formatPoints(b.points)} điểm`;
  switch (leaf.kind) {
    case 'tiered':
      return leaf.levels.map((l) => `${l.label}: ${formatPoints(l.points)} điểm`);
    case 'binary':
      return [`Đạt: ${formatPoints(leaf.max)} điểm`, 'Không đạt: 0,00 điểm'];
    case 'threshold':
      return [...leaf.bands].sort((a, b) => b.from - a.from).map(bandLine);
    case 'formula': {
      const ratio = `Tỷ lệ = ${leaf.numerator} / ${leaf.denominator} × 100%`;
      const zero = `Mẫu số bằng 0 (không phát sinh): ${ZERO_DENOMINATOR_LABELS[leaf.onZeroDenominator]}`;
      if (leaf.mode === 'proportional') return [ratio, `Điểm = ${formatPoints(leaf.max)} × tỷ lệ, không vượt điểm tối đa`, zero];
      return [ratio, ...[...(leaf.bands ?? [])].sort((a, b) => b.from - a.from).map(bandLine), zero];
    }
    case 'bonus':
    case 'penalty':
      return leaf.perOccurrence !== undefined
        ? [`${formatPoints(leaf.perOccurrence)} điểm mỗi lần, tối đa ${formatPoints(leaf.max)} điểm`]
        : [`Từ 0 đến ${formatPoints(leaf.max)} điểm`];
    case 'survey':
      return ['Điểm tính từ kết quả điều tra xã hội học; đơn vị không tự chấm.'];
    case 'satisfaction':
      return ['Điểm tính từ kết quả khảo sát sự hài lòng của người dân, tổ chức; đơn vị không tự chấm.'];
  }
}
