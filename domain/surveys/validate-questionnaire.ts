import { LEAF_KIND_LABELS, nodeLabel, SCORED_BY_LABELS } from '../criteria/labels';
import { isLeaf, type CriteriaNode, type CriteriaSet, type LeafNode } from '../criteria/types';
import type { SurveyErrorField } from './errors';

/**
 * The rules a questionnaire must meet before it is saved: at least one question; question codes
 * unique; every question mapped to exactly one leaf of the target group's criteria set that is scored
 * by the sociological survey. Each problem names the question and the leaf, in Vietnamese.
 */
export interface QuestionDraft {
  code: string;
  text: string;
  leafCode?: string | null;
}

export interface QuestionnaireDraft {
  targetGroupCode: string;
  questions: readonly QuestionDraft[];
}

function findNode(nodes: readonly CriteriaNode[], code: string): CriteriaNode | undefined {
  for (const node of nodes) {
    if (node.code === code) return node;
    if (!isLeaf(node) && code.startsWith(`${node.code}.`)) return findNode(node.children, code);
  }
  return undefined;
}

export function findLeaf(set: CriteriaSet, code: string): LeafNode | undefined {
  const node = findNode(set.nodes, code);
  return node && isLeaf(node) ? node : undefined;
}

/** Every survey-scored leaf of a set, in tree order. */
export function surveyLeaves(set: CriteriaSet, kind: 'survey' | 'satisfaction' = 'survey'): LeafNode[] {
  const out: LeafNode[] = [];
  const walk = (nodes: readonly CriteriaNode[]) => {
    for (const node of nodes) {
      if (isLeaf(node)) {
        if (node.kind === kind) out.push(node);
      } else walk(node.children);
    }
  };
  walk(set.nodes);
  return out;
}

/**
 * @param sets the year's criteria sets by unit group code (the target group's, and the others', so a
 *   leaf of another group can be named as such).
 */
export function validateQuestionnaire(draft: QuestionnaireDraft, sets: ReadonlyMap<string, CriteriaSet>): SurveyErrorField[] {
  const issues: SurveyErrorField[] = [];
  const set = sets.get(draft.targetGroupCode);
  if (!set) {
    issues.push({ field: 'targetGroup', message: `Nhóm đơn vị ${draft.targetGroupCode} chưa có bộ tiêu chí của năm này; chưa thể gắn câu hỏi với tiêu chí.` });
    return issues;
  }
  if (draft.questions.length === 0) issues.push({ field: 'questions', message: 'Phiếu khảo sát phải có ít nhất một câu hỏi.' });
  const firstIndex = new Map<string, number>();
  draft.questions.forEach((q, i) => {
    const field = `questions[${i}]`;
    const seen = firstIndex.get(q.code);
    if (seen !== undefined) issues.push({ field: `${field}.code`, message: `Mã câu hỏi ${q.code} trùng với câu hỏi thứ ${seen + 1}.` });
    else firstIndex.set(q.code, i);
    const leafCode = q.leafCode?.trim();
    if (!leafCode) {
      issues.push({
        field: `${field}.leafCode`,
        message: `Câu hỏi ${q.code} chưa được gắn với tiêu chí nào; mỗi câu hỏi phải gắn với đúng một tiêu chí thành phần chấm bằng điều tra xã hội học.`,
      });
      return;
    }
    const node = findNode(set.nodes, leafCode);
    if (!node) {
      const owner = [...sets.entries()].find(([code, other]) => code !== draft.targetGroupCode && findLeaf(other, leafCode));
      issues.push({
        field: `${field}.leafCode`,
        message: owner
          ? `Câu hỏi ${q.code} gắn với ${nodeLabel(leafCode)} của bộ tiêu chí nhóm ${owner[0]}, không thuộc bộ tiêu chí nhóm ${draft.targetGroupCode} mà phiếu này đánh giá.`
          : `Câu hỏi ${q.code} gắn với mã ${leafCode}, không có trong bộ tiêu chí nhóm ${draft.targetGroupCode}.`,
      });
      return;
    }
    if (!isLeaf(node)) {
      issues.push({ field: `${field}.leafCode`, message: `Câu hỏi ${q.code} gắn với ${nodeLabel(leafCode)} là tiêu chí có tiêu chí con; hãy gắn với một tiêu chí thành phần chấm bằng điều tra xã hội học.` });
      return;
    }
    if (node.kind !== 'survey') {
      issues.push({
        field: `${field}.leafCode`,
        message: `Câu hỏi ${q.code} gắn với ${nodeLabel(leafCode)} (“${node.title}”), loại “${LEAF_KIND_LABELS[node.kind]}”, người chấm “${SCORED_BY_LABELS[node.scoredBy]}”; chỉ được gắn với tiêu chí chấm bằng điều tra xã hội học.`,
      });
    }
  });
  return issues;
}
