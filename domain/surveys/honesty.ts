import { formatPercent, mulDivRoundHalfUp } from '../decimal';
import type { SurveyWeights } from '../scoring/survey';

/**
 * Patterns in submitted forms that Sở Nội vụ should look at before trusting them. A flag is a reason to
 * review, never a sanction: the directive leaves the decision (and any exclusion) to people.
 *
 * - PEER_DOWNRATING: a respondent from unit X rates the units of X's own group (X's competitors in the
 *   ranking) far below the units of other groups.
 * - PEER_SPLIT: among the units of X's own group, a respondent from X rates some with the best option
 *   on every question and others with the worst — friends up, rivals down.
 * - UNIFORM_LOWEST: every counted answer on a form is the lowest option, across several units.
 * - IDENTICAL_FORMS: several forms carry exactly the same answers, cell for cell.
 */
export type ReviewFlagCode = 'PEER_DOWNRATING' | 'PEER_SPLIT' | 'UNIFORM_LOWEST' | 'IDENTICAL_FORMS';

export const REVIEW_FLAG_TITLES: Readonly<Record<ReviewFlagCode, string>> = {
  PEER_DOWNRATING: 'Chấm thấp các đơn vị cùng nhóm với đơn vị mình',
  PEER_SPLIT: 'Chấm cực đoan trái ngược giữa các đơn vị cùng nhóm',
  UNIFORM_LOWEST: 'Chọn phương án thấp nhất cho mọi câu hỏi',
  IDENTICAL_FORMS: 'Nhiều phiếu có câu trả lời giống hệt nhau',
};

export interface ReviewAnswer {
  questionId: string;
  unitCode: string;
  unitGroupCode: string;
  option: string;
}

export interface ReviewForm {
  serial: number;
  respondentGroup: string;
  /** The respondent's own unit and its group, where known. */
  unitCode: string | null;
  unitGroupCode: string | null;
  answers: readonly ReviewAnswer[];
}

export interface ReviewOptions {
  /** Counted answers needed on each side before a comparison means anything. */
  minAnswers: number;
  /** PEER_DOWNRATING: how far below (hundredths of a percent of mean weight) peers must be rated. */
  gap: number;
  /** UNIFORM_LOWEST: counted answers needed. */
  uniformMinAnswers: number;
  /** IDENTICAL_FORMS: how many forms, each with at least this many answers. */
  identicalForms: number;
  identicalMinAnswers: number;
}

export const DEFAULT_REVIEW_OPTIONS: ReviewOptions = Object.freeze({ minAnswers: 3, gap: 6000, uniformMinAnswers: 6, identicalForms: 3, identicalMinAnswers: 5 });

export interface ReviewFlag {
  code: ReviewFlagCode;
  title: string;
  detail: string;
  /** The forms concerned. */
  serials: number[];
  /** The respondents' own units, whose honesty is in question. */
  unitCodes: string[];
}

/** Mean weight of counted answers in hundredths of a percent (73,33% = 7333); null without any. */
function meanWeight(answers: readonly ReviewAnswer[], weights: SurveyWeights): { mean: number; count: number } | null {
  let sum = 0;
  let count = 0;
  for (const a of answers) {
    const w = weights[a.option];
    if (w === undefined) continue;
    sum += w;
    count++;
  }
  return count ? { mean: mulDivRoundHalfUp(sum, 100, count), count } : null;
}

function formLabel(f: ReviewForm): string {
  return `Phiếu số ${f.serial} (nhóm ${f.respondentGroup}${f.unitCode ? `, đơn vị ${f.unitCode}` : ''})`;
}

export function reviewFlags(forms: readonly ReviewForm[], weights: SurveyWeights, options: ReviewOptions = DEFAULT_REVIEW_OPTIONS): ReviewFlag[] {
  const flags: ReviewFlag[] = [];
  const weightValues = Object.values(weights);
  const top = Math.max(...weightValues);
  const bottom = Math.min(...weightValues);
  const counted = (a: ReviewAnswer) => weights[a.option] !== undefined;

  for (const form of forms) {
    const own = form.unitCode ? [form.unitCode] : [];
    if (form.unitGroupCode) {
      const peers = meanWeight(form.answers.filter((a) => a.unitGroupCode === form.unitGroupCode), weights);
      const others = meanWeight(form.answers.filter((a) => a.unitGroupCode !== form.unitGroupCode), weights);
      if (peers && others && peers.count >= options.minAnswers && others.count >= options.minAnswers && others.mean - peers.mean >= options.gap) {
        flags.push({
          code: 'PEER_DOWNRATING',
          title: REVIEW_FLAG_TITLES.PEER_DOWNRATING,
          detail: `${formLabel(form)} chấm các đơn vị cùng nhóm ${form.unitGroupCode} bình quân ${formatPercent(peers.mean)} (${peers.count} câu) nhưng các đơn vị nhóm khác ${formatPercent(others.mean)} (${others.count} câu).`,
          serials: [form.serial],
          unitCodes: own,
        });
      }
      const byUnit = new Map<string, ReviewAnswer[]>();
      for (const a of form.answers) {
        if (a.unitGroupCode !== form.unitGroupCode || !counted(a)) continue;
        byUnit.set(a.unitCode, [...(byUnit.get(a.unitCode) ?? []), a]);
      }
      const extremes = (value: number) =>
        [...byUnit].filter(([, list]) => list.length >= options.minAnswers && list.every((a) => weights[a.option] === value)).map(([code]) => code).sort();
      const friends = extremes(top);
      const rivals = extremes(bottom);
      if (top !== bottom && friends.length && rivals.length) {
        flags.push({
          code: 'PEER_SPLIT',
          title: REVIEW_FLAG_TITLES.PEER_SPLIT,
          detail: `${formLabel(form)} chọn phương án cao nhất cho mọi câu về ${friends.join(', ')} nhưng thấp nhất cho mọi câu về ${rivals.join(', ')} (cùng nhóm ${form.unitGroupCode} với đơn vị mình).`,
          serials: [form.serial],
          unitCodes: own,
        });
      }
    }
    const valid = form.answers.filter(counted);
    const units = new Set(valid.map((a) => a.unitCode));
    if (valid.length >= options.uniformMinAnswers && units.size >= 2 && valid.every((a) => weights[a.option] === bottom)) {
      flags.push({
        code: 'UNIFORM_LOWEST',
        title: REVIEW_FLAG_TITLES.UNIFORM_LOWEST,
        detail: `${formLabel(form)} chọn phương án thấp nhất cho cả ${valid.length} câu trả lời về ${units.size} đơn vị.`,
        serials: [form.serial],
        unitCodes: own,
      });
    }
  }

  const bySignature = new Map<string, ReviewForm[]>();
  for (const form of forms) {
    if (form.answers.length < options.identicalMinAnswers) continue;
    const signature = form.answers.map((a) => `${a.questionId}|${a.unitCode}=${a.option}`).sort().join(';');
    bySignature.set(signature, [...(bySignature.get(signature) ?? []), form]);
  }
  for (const group of bySignature.values()) {
    if (group.length < options.identicalForms) continue;
    const serials = group.map((f) => f.serial).sort((a, b) => a - b);
    flags.push({
      code: 'IDENTICAL_FORMS',
      title: REVIEW_FLAG_TITLES.IDENTICAL_FORMS,
      detail: `${group.length} phiếu (số ${serials.join(', ')}) có toàn bộ ${group[0]!.answers.length} câu trả lời giống hệt nhau.`,
      serials,
      unitCodes: [...new Set(group.flatMap((f) => (f.unitCode ? [f.unitCode] : [])))].sort(),
    });
  }
  const order: ReviewFlagCode[] = ['PEER_DOWNRATING', 'PEER_SPLIT', 'UNIFORM_LOWEST', 'IDENTICAL_FORMS'];
  return flags.sort((a, b) => order.indexOf(a.code) - order.indexOf(b.code) || a.serials[0]! - b.serials[0]!);
}
