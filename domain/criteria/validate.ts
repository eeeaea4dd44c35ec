import { formatPoints } from '../decimal';
import { checkBands } from './bands';
import { LEAF_KIND_LABELS, nodeLabel, SCORED_BY_LABELS } from './labels';
import { isLeaf, type CriteriaNode, type CriteriaSet, type GroupNode, type LeafNode, type ScoredBy, type ValidationIssue } from './types';

const CODE = /^[1-9]\d*(\.[1-9]\d*)*$/;
const GROUP_CODE = /^[A-Z][A-Z0-9_]*$/;
/** Field → criterion → sub-criterion. */
export const MAX_DEPTH = 3;

/**
 * Every rule a well-shaped criteria set must satisfy, with one issue per problem (Vietnamese message
 * naming the code). An empty list means the set is valid.
 */
export function validateCriteriaSet(set: CriteriaSet): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (!Number.isInteger(set.year) || set.year < 2000 || set.year > 2100) {
    issues.push({ code: 'INVALID_VALUE', field: 'year', message: `Bộ tiêu chí: năm ${set.year} không hợp lệ (2000–2100).` });
  }
  if (!GROUP_CODE.test(set.groupCode)) {
    issues.push({
      code: 'INVALID_VALUE',
      field: 'groupCode',
      message: `Bộ tiêu chí: mã nhóm đơn vị “${set.groupCode}” không hợp lệ (chữ in hoa không dấu, số và dấu gạch dưới, ví dụ SO_NGANH).`,
    });
  }
  if (set.scale <= 0) {
    issues.push({ code: 'MAX_NOT_POSITIVE', field: 'scale', message: 'Bộ tiêu chí: thang điểm phải lớn hơn 0.' });
  }

  const counts = new Map<string, number>();
  const visit = (node: CriteriaNode, parent: GroupNode | undefined, depth: number, section: GroupNode | undefined): void => {
    counts.set(node.code, (counts.get(node.code) ?? 0) + 1);
    checkCode(issues, node, parent, depth);
    if (isLeaf(node)) {
      if (depth === 1) {
        issues.push({ code: 'FIELD_IS_LEAF', nodeCode: node.code, field: 'kind', message: `Mã ${node.code}: ở cấp cao nhất phải là lĩnh vực (có tiêu chí con) hoặc mục điểm thưởng/điểm trừ.` });
      }
      checkLeaf(issues, node, section);
      return;
    }
    checkGroup(issues, node, depth);
    const nextSection = depth === 1 && node.adjustment ? node : section;
    for (const child of node.children) visit(child, node, depth + 1, nextSection);
  };
  for (const node of set.nodes) visit(node, undefined, 1, undefined);

  for (const [code, n] of counts) {
    if (n > 1) issues.push({ code: 'DUPLICATE_CODE', nodeCode: code, field: 'code', message: `Mã ${code} bị trùng (xuất hiện ${n} lần).` });
  }

  const fieldsSum = set.nodes.reduce((sum, n) => (isAdjustment(n) ? sum : sum + n.max), 0);
  if (fieldsSum !== set.scale) {
    issues.push({
      code: 'SCALE_MISMATCH',
      field: 'scale',
      message: `Bộ tiêu chí: tổng điểm tối đa các lĩnh vực là ${formatPoints(fieldsSum)}, khác thang điểm ${formatPoints(set.scale)} đã khai báo.`,
    });
  }
  return issues;
}

/** A bonus/penalty section or item: outside the scale. */
function isAdjustment(node: CriteriaNode): boolean {
  return isLeaf(node) ? node.kind === 'bonus' || node.kind === 'penalty' : node.adjustment !== undefined;
}

function checkCode(issues: ValidationIssue[], node: CriteriaNode, parent: GroupNode | undefined, depth: number): void {
  const { code } = node;
  if (!CODE.test(code)) {
    issues.push({ code: 'INVALID_CODE', nodeCode: code, field: 'code', message: `Mã “${code}” không hợp lệ: mã gồm các số nguyên dương nối bằng dấu chấm, ví dụ 1, 1.2, 1.2.3.` });
    return;
  }
  const segments = code.split('.');
  if (parent === undefined) {
    if (segments.length !== 1) {
      issues.push({ code: 'CODE_NOT_UNDER_PARENT', nodeCode: code, field: 'code', message: `Mã ${code} ở cấp cao nhất phải là một số (ví dụ 1, 2, 9).` });
    }
  } else if (segments.length !== parent.code.split('.').length + 1 || !code.startsWith(`${parent.code}.`)) {
    issues.push({
      code: 'CODE_NOT_UNDER_PARENT',
      nodeCode: code,
      field: 'code',
      message: `Mã ${code} phải có dạng ${parent.code}.n vì nằm trong ${nodeLabel(parent.code, parent.adjustment !== undefined)}.`,
    });
  }
  if (depth > MAX_DEPTH) {
    issues.push({ code: 'TOO_DEEP', nodeCode: code, field: 'code', message: `Mã ${code}: bộ tiêu chí chỉ có ${MAX_DEPTH} cấp (lĩnh vực, tiêu chí, tiêu chí thành phần).` });
  }
}

function checkGroup(issues: ValidationIssue[], node: GroupNode, depth: number): void {
  const who = nodeLabel(node.code, node.adjustment !== undefined);
  if (node.children.length === 0) {
    issues.push({ code: 'EMPTY_GROUP', nodeCode: node.code, field: 'children', message: `${who}: không có tiêu chí con nào.` });
    return;
  }
  if (node.adjustment !== undefined) {
    const what = node.adjustment === 'bonus' ? 'điểm thưởng' : 'điểm trừ';
    if (depth > 1) {
      issues.push({ code: 'ADJUSTMENT_MISPLACED', nodeCode: node.code, field: 'adjustment', message: `${who}: mục ${what} chỉ được đặt ở cấp cao nhất.` });
    }
    if (node.max <= 0) {
      issues.push({ code: 'CAP_MISSING', nodeCode: node.code, field: 'max', message: `${who}: thiếu mức trần của mục ${what} (tổng điểm tối đa được ${node.adjustment === 'bonus' ? 'cộng' : 'trừ'} phải lớn hơn 0).` });
    }
    for (const child of node.children) {
      if (!isLeaf(child)) {
        issues.push({ code: 'ADJUSTMENT_MISPLACED', nodeCode: child.code, field: 'children', message: `${nodeLabel(child.code)}: mục ${what} chỉ gồm các khoản, không chia nhóm con.` });
      }
    }
    return;
  }
  if (node.max <= 0) {
    issues.push({ code: 'MAX_NOT_POSITIVE', nodeCode: node.code, field: 'max', message: `${who}: điểm tối đa phải lớn hơn 0.` });
  }
  const sum = node.children.reduce((s, c) => s + c.max, 0);
  if (sum !== node.max) {
    issues.push({
      code: 'MAX_SUM_MISMATCH',
      nodeCode: node.code,
      field: 'max',
      message: `${who}: tổng điểm tối đa các mục con là ${formatPoints(sum)}, khác điểm tối đa ${formatPoints(node.max)} đã khai báo.`,
    });
  }
}

const EXPECTED_SCORER: Readonly<Record<LeafNode['kind'], ScoredBy>> = {
  tiered: 'self',
  threshold: 'self',
  binary: 'self',
  formula: 'self',
  survey: 'survey',
  satisfaction: 'satisfaction',
  bonus: 'self',
  penalty: 'self',
};

function checkLeaf(issues: ValidationIssue[], leaf: LeafNode, section: GroupNode | undefined): void {
  const who = nodeLabel(leaf.code);
  const at = { nodeCode: leaf.code };
  const adjustmentItem = leaf.kind === 'bonus' || leaf.kind === 'penalty';

  if (adjustmentItem && section?.adjustment !== leaf.kind) {
    issues.push({
      code: 'ADJUSTMENT_MISPLACED',
      ...at,
      field: 'kind',
      message: `${who}: khoản ${LEAF_KIND_LABELS[leaf.kind].toLowerCase()} chỉ được đặt trong mục ${leaf.kind === 'bonus' ? 'điểm thưởng' : 'điểm trừ'}.`,
    });
  } else if (!adjustmentItem && section !== undefined) {
    issues.push({
      code: 'ADJUSTMENT_MISPLACED',
      ...at,
      field: 'kind',
      message: `${who}: mục ${section.adjustment === 'bonus' ? 'điểm thưởng' : 'điểm trừ'} chỉ chứa khoản loại ${LEAF_KIND_LABELS[section.adjustment ?? 'bonus']}, không chứa loại ${LEAF_KIND_LABELS[leaf.kind]}.`,
    });
  }

  if (adjustmentItem) {
    if (leaf.max <= 0) {
      issues.push({ code: 'CAP_MISSING', ...at, field: 'max', message: `${who}: thiếu mức trần (điểm tối đa của khoản ${leaf.kind === 'bonus' ? 'thưởng' : 'trừ'} phải lớn hơn 0).` });
    }
    if (leaf.perOccurrence !== undefined && (leaf.perOccurrence <= 0 || leaf.perOccurrence > leaf.max)) {
      issues.push({
        code: 'PER_OCCURRENCE_INVALID',
        ...at,
        field: 'perOccurrence',
        message: `${who}: điểm mỗi lần (${formatPoints(leaf.perOccurrence)}) phải lớn hơn 0 và không vượt mức trần ${formatPoints(leaf.max)}.`,
      });
    }
  } else if (leaf.max <= 0) {
    issues.push({ code: 'MAX_NOT_POSITIVE', ...at, field: 'max', message: `${who}: điểm tối đa phải lớn hơn 0.` });
  }

  const expected = EXPECTED_SCORER[leaf.kind];
  if (leaf.scoredBy !== expected) {
    const surveyed = expected !== 'self';
    issues.push({
      code: surveyed && leaf.scoredBy === 'self' ? 'SURVEY_SELF_SCORED' : 'SCORED_BY_MISMATCH',
      ...at,
      field: 'scoredBy',
      message: surveyed
        ? `${who}: loại ${LEAF_KIND_LABELS[leaf.kind]} được chấm bằng ${expected === 'survey' ? 'điều tra xã hội học' : 'khảo sát sự hài lòng'}, không phải “${SCORED_BY_LABELS[leaf.scoredBy]}” (scoredBy phải là "${expected}").`
        : `${who}: loại ${LEAF_KIND_LABELS[leaf.kind]} do đơn vị tự chấm (scoredBy phải là "self"), không phải “${SCORED_BY_LABELS[leaf.scoredBy]}”.`,
    });
  }

  switch (leaf.kind) {
    case 'tiered':
      checkLevels(issues, leaf);
      break;
    case 'threshold':
      issues.push(...checkBands(leaf.bands, leaf.max, leaf.code, 'bands'));
      break;
    case 'formula':
      if (leaf.mode === 'bands') issues.push(...checkBands(leaf.bands ?? [], leaf.max, leaf.code, 'bands'));
      break;
    case 'satisfaction':
      if (leaf.bands !== undefined) issues.push(...checkBands(leaf.bands, leaf.max, leaf.code, 'bands'));
      break;
    default:
      break;
  }
}

function checkLevels(issues: ValidationIssue[], leaf: Extract<LeafNode, { kind: 'tiered' }>): void {
  const who = nodeLabel(leaf.code);
  const at = { nodeCode: leaf.code, field: 'levels' };
  if (leaf.levels.length === 0) {
    issues.push({ code: 'LEVEL_INVALID', ...at, message: `${who}: chưa khai báo mức điểm nào.` });
    return;
  }
  const seen = new Set<number>();
  for (const level of leaf.levels) {
    if (level.points < 0 || level.points > leaf.max) {
      issues.push({
        code: 'LEVEL_INVALID',
        ...at,
        message: `${who}: mức “${level.label}” cho ${formatPoints(level.points)} điểm, ngoài phạm vi 0 đến ${formatPoints(leaf.max)}.`,
      });
    }
    if (seen.has(level.points)) {
      issues.push({ code: 'LEVEL_DUPLICATE', ...at, message: `${who}: có hai mức cùng cho ${formatPoints(level.points)} điểm.` });
    }
    seen.add(level.points);
  }
  if (!seen.has(leaf.max)) {
    issues.push({ code: 'LEVEL_MAX_MISSING', ...at, message: `${who}: không mức nào cho điểm tối đa ${formatPoints(leaf.max)}.` });
  }
}
