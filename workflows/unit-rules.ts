import { formatDateVn } from '../domain/calendar';
import { formatPoints } from '../domain/decimal';
import { PHASE_DEADLINE_KIND, PHASE_LABELS } from '../domain/phases';
import type { YearConfig } from '../domain/year-config';
import type { Actor, AppraiseLeafArgs, DecideArgs, ExcludeArgs, ExplainArgs, ExtendArgs, FinishFieldArgs } from './messages';
import { refuse } from './refuse';
import type { LeafRef, UnitState } from './types';

/**
 * The update validators of the unit workflow: synchronous checks of phase, deadline and payload
 * against the workflow's own state. A refusal throws (see refuse.ts), so nothing reaches history.
 * Who may act was checked by the API; the validator still checks a leaf lies in the actor's fields.
 */

/** Updates whose handlers are still recording, so a conflicting action waits for them or is refused. */
export interface InFlight {
  submitting: boolean;
  excluding: boolean;
  extending: boolean;
  /** Field → appraisals or decisions being recorded in it. */
  recording: Map<string, number>;
  finishing: Set<string>;
  /** Leaves whose explanation is being recorded. */
  explaining: Set<string>;
}

export interface RuleContext {
  state: UnitState;
  leaves: ReadonlyMap<string, LeafRef>;
  config: YearConfig;
  inFlight: InFlight;
  now: number;
}

export const MAX_TEXT = 4000;

const phaseLabel = (s: UnitState) => PHASE_LABELS[s.phase];

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

function checkActor(args: Actor): void {
  if (!text(args?.actor)) refuse('INVALID_INPUT', 'Thiếu người thực hiện thao tác.');
}

function checkReason(value: unknown, required: string): void {
  const reason = text(value);
  if (!reason) refuse('REASON_REQUIRED', required);
  if (reason.length > MAX_TEXT) refuse('INVALID_INPUT', `Nội dung tối đa ${MAX_TEXT} ký tự.`);
}

function checkNotExcluded(s: UnitState, inFlight: InFlight): void {
  if (s.excluded || inFlight.excluding) refuse('ALREADY_EXCLUDED', 'Đơn vị đã bị loại khỏi đánh giá, xếp hạng do thiếu trung thực.');
}

function checkScore(leaf: LeafRef, score: unknown, what: string): void {
  if (typeof score !== 'number' || !Number.isInteger(score) || score < 0 || score > leaf.max) {
    refuse('SCORE_OUT_OF_RANGE', `${what} của tiêu chí ${leaf.code} phải từ 0 đến ${formatPoints(leaf.max)} điểm.`);
  }
}

function leafOf(c: RuleContext, code: unknown): LeafRef {
  const leaf = typeof code === 'string' ? c.leaves.get(code) : undefined;
  if (!leaf) refuse('UNKNOWN_LEAF', `Không có tiêu chí mã ${String(code)} trong bộ tiêu chí của đơn vị.`);
  return leaf;
}

function checkOwned(leaf: LeafRef, fields: unknown): void {
  if (!Array.isArray(fields) || !fields.includes(leaf.field)) {
    refuse('LEAF_NOT_APPRAISABLE', `Tiêu chí ${leaf.code} thuộc lĩnh vực ${leaf.field}, không do thành viên này phụ trách.`);
  }
}

function fieldsOfRound(s: UnitState): Record<string, string> {
  return s.fields[String(s.round)] ?? {};
}

function checkFieldOpen(c: RuleContext, field: string): void {
  if (fieldsOfRound(c.state)[field] === 'done' || c.inFlight.finishing.has(field)) {
    refuse('FIELD_ALREADY_DONE', `Lĩnh vực ${field} đã được thẩm định xong ở vòng ${c.state.round}.`);
  }
}

export function validateSubmit(c: RuleContext, args: Actor): void {
  const s = c.state;
  checkActor(args);
  if (s.late) refuse('DEADLINE_PASSED', `Đã quá hạn tự đánh giá (${formatDateVn(s.deadlines.selfAssessment)}); hồ sơ đã được khóa theo hiện trạng.`);
  if (s.submittedAt !== null || c.inFlight.submitting) refuse('ALREADY_SUBMITTED', 'Hồ sơ tự đánh giá của đơn vị đã được nộp, không thể nộp lại.');
  if (s.phase !== 'SELF_ASSESSMENT') refuse('WRONG_PHASE', `Đơn vị đang ở giai đoạn "${phaseLabel(s)}".`);
  if (c.now > s.deadlines.selfAssessment) refuse('DEADLINE_PASSED', `Đã quá hạn tự đánh giá (${formatDateVn(s.deadlines.selfAssessment)}); hồ sơ đã được khóa theo hiện trạng.`);
}

export function validateAppraise(c: RuleContext, args: AppraiseLeafArgs): void {
  const s = c.state;
  checkActor(args);
  checkNotExcluded(s, c.inFlight);
  if (s.phase !== 'APPRAISAL') refuse('WRONG_PHASE', `Chưa hoặc không còn ở giai đoạn thẩm định vòng 1 (hiện tại: "${phaseLabel(s)}").`);
  const leaf = leafOf(c, args.leafCode);
  if (!leaf.appraisable || s.notApplicable.includes(leaf.code)) {
    refuse('LEAF_NOT_APPRAISABLE', `Tiêu chí ${leaf.code} không do Hội đồng thẩm định chấm (không áp dụng hoặc chấm qua điều tra).`);
  }
  checkOwned(leaf, args.fields);
  checkFieldOpen(c, leaf.field);
  switch (args.action) {
    case 'accept':
      if (args.score !== undefined) refuse('INVALID_INPUT', `Chấp nhận điểm tự chấm thì không nhập điểm thẩm định (tiêu chí ${leaf.code}).`);
      break;
    case 'adjust':
      checkScore(leaf, args.score, 'Điểm thẩm định');
      checkReason(args.reason, `Cần nêu lý do điều chỉnh điểm tiêu chí ${leaf.code}.`);
      break;
    case 'explain':
      if (c.config.disputeRounds < 1) refuse('DISPUTES_DISABLED', 'Năm đánh giá này không có vòng giải trình; hãy chấp nhận hoặc điều chỉnh điểm.');
      // Without a provisional score the unit's own score stands while it explains.
      if (args.score !== undefined) checkScore(leaf, args.score, 'Điểm thẩm định tạm');
      checkReason(args.reason, `Cần nêu nội dung đề nghị đơn vị giải trình ở tiêu chí ${leaf.code}.`);
      break;
    default:
      refuse('INVALID_INPUT', `Thao tác thẩm định không hợp lệ: ${String(args.action)}.`);
  }
}

/** Leaves of a field still to be appraised (round 1) or decided (final rounds). */
export function remainingIn(c: Pick<RuleContext, 'state' | 'leaves'>, field: string): string[] {
  const s = c.state;
  if (s.round === 1) {
    return [...c.leaves.values()]
      .filter((l) => l.field === field && l.appraisable && !s.notApplicable.includes(l.code) && !s.appraised.includes(l.code))
      .map((l) => l.code);
  }
  return s.flagged.filter((code) => c.leaves.get(code)?.field === field && s.decisions[code] === undefined);
}

export function validateFinishField(c: RuleContext, args: FinishFieldArgs): void {
  const s = c.state;
  checkActor(args);
  checkNotExcluded(s, c.inFlight);
  if (s.phase !== 'APPRAISAL' && s.phase !== 'FINAL_APPRAISAL') refuse('WRONG_PHASE', `Không ở giai đoạn thẩm định (hiện tại: "${phaseLabel(s)}").`);
  const field = text(args.field);
  if (!(field in fieldsOfRound(s))) refuse('UNKNOWN_FIELD', `Lĩnh vực ${field} không có tiêu chí cần thẩm định ở vòng ${s.round} của đơn vị này.`);
  if (!Array.isArray(args.fields) || !args.fields.includes(field)) refuse('LEAF_NOT_APPRAISABLE', `Lĩnh vực ${field} không do thành viên này phụ trách.`);
  checkFieldOpen(c, field);
  if ((c.inFlight.recording.get(field) ?? 0) > 0) refuse('FIELD_INCOMPLETE', `Lĩnh vực ${field} còn kết quả thẩm định đang được ghi nhận; hãy thử lại sau giây lát.`);
  const missing = remainingIn(c, field);
  if (missing.length) {
    const what = s.round === 1 ? 'chưa thẩm định' : 'chưa xem xét giải trình';
    refuse('FIELD_INCOMPLETE', `Còn ${missing.length} tiêu chí ${what}: ${missing.join(', ')}.`);
  }
}

export function validateExplain(c: RuleContext, args: ExplainArgs): void {
  const s = c.state;
  checkActor(args);
  checkNotExcluded(s, c.inFlight);
  const leaf = leafOf(c, args.leafCode);
  const window = s.deadlines.explanation;
  if (s.phase !== 'DISPUTE') {
    if (window !== null && c.now > window) refuse('DEADLINE_PASSED', `Đã hết hạn giải trình (${formatDateVn(window)}).`);
    refuse('WRONG_PHASE', `Không ở giai đoạn giải trình (hiện tại: "${phaseLabel(s)}").`);
  }
  if (window !== null && c.now > window) refuse('DEADLINE_PASSED', `Đã hết hạn giải trình (${formatDateVn(window)}).`);
  if (!s.flagged.includes(leaf.code)) refuse('LEAF_NOT_FLAGGED', `Hội đồng không đề nghị giải trình tiêu chí ${leaf.code}.`);
  if (s.explained.includes(leaf.code) || c.inFlight.explaining.has(leaf.code)) refuse('ALREADY_EXPLAINED', `Tiêu chí ${leaf.code} đã được giải trình trong vòng này.`);
  checkReason(args.explanation, `Cần nhập nội dung giải trình cho tiêu chí ${leaf.code}.`);
}

export function validateDecide(c: RuleContext, args: DecideArgs): void {
  const s = c.state;
  checkActor(args);
  checkNotExcluded(s, c.inFlight);
  if (s.phase !== 'FINAL_APPRAISAL') refuse('WRONG_PHASE', `Không ở giai đoạn thẩm định vòng 2 (hiện tại: "${phaseLabel(s)}").`);
  const leaf = leafOf(c, args.leafCode);
  if (!s.flagged.includes(leaf.code)) refuse('LEAF_NOT_FLAGGED', `Tiêu chí ${leaf.code} không có giải trình cần xem xét ở vòng này.`);
  checkOwned(leaf, args.fields);
  checkFieldOpen(c, leaf.field);
  switch (args.result) {
    case 'upheld':
      if (args.score !== undefined) {
        checkScore(leaf, args.score, 'Điểm thẩm định chính thức');
        checkReason(args.reason, `Cần nêu lý do của điểm điều chỉnh ở tiêu chí ${leaf.code}.`);
      }
      break;
    case 'rejected':
      if (args.score !== undefined) refuse('INVALID_INPUT', `Không chấp nhận giải trình thì giữ điểm thẩm định vòng 1; không nhập điểm (tiêu chí ${leaf.code}).`);
      checkReason(args.reason, `Cần nêu lý do không chấp nhận giải trình ở tiêu chí ${leaf.code}.`);
      break;
    case 'explain':
      if (s.disputeRound >= c.config.disputeRounds) refuse('DISPUTES_DISABLED', `Đã hết ${c.config.disputeRounds} vòng giải trình của năm; hãy chấp nhận hoặc không chấp nhận giải trình.`);
      if (args.score !== undefined) refuse('INVALID_INPUT', `Đề nghị giải trình thêm thì không nhập điểm (tiêu chí ${leaf.code}).`);
      checkReason(args.reason, `Cần nêu nội dung đề nghị giải trình thêm ở tiêu chí ${leaf.code}.`);
      break;
    default:
      refuse('INVALID_INPUT', `Kết quả xem xét không hợp lệ: ${String(args.result)}.`);
  }
}

export function validateExclude(c: RuleContext, args: ExcludeArgs): void {
  const s = c.state;
  checkActor(args);
  checkNotExcluded(s, c.inFlight);
  if (s.phase === 'SELF_ASSESSMENT') refuse('NOT_SUBMITTED', 'Chỉ loại đơn vị sau khi hồ sơ tự đánh giá đã nộp hoặc đã khóa.');
  if (s.phase === 'PUBLISHED') refuse('WRONG_PHASE', 'Kết quả của đơn vị đã được công bố.');
  if (s.rankingStarted) refuse('RANKING_STARTED', 'Chủ tịch Hội đồng đã phê duyệt kết quả; đang xếp hạng, công bố.');
  checkReason(args.reason, 'Cần nêu lý do loại đơn vị khỏi đánh giá, xếp hạng.');
}

export function validateExtend(c: RuleContext, args: ExtendArgs): void {
  const s = c.state;
  checkActor(args);
  checkNotExcluded(s, c.inFlight);
  const kind = PHASE_DEADLINE_KIND[s.phase];
  if (kind === null || s.phaseDeadline === null) refuse('NOT_EXTENDABLE', `Giai đoạn "${phaseLabel(s)}" không có thời hạn riêng của đơn vị để gia hạn.`);
  if (kind === 'selfAssessment') {
    if (s.submittedAt !== null || c.inFlight.submitting) refuse('ALREADY_SUBMITTED', 'Đơn vị đã nộp hồ sơ tự đánh giá; không cần gia hạn.');
    if (c.now > s.phaseDeadline) refuse('DEADLINE_PASSED', 'Đã quá hạn tự đánh giá; hồ sơ đang được khóa theo hiện trạng.');
  }
  if (c.inFlight.extending) refuse('ALREADY_DONE', 'Một yêu cầu gia hạn khác đang được ghi nhận; hãy thử lại sau giây lát.');
  if (typeof args.until !== 'number' || !Number.isSafeInteger(args.until)) refuse('INVALID_INPUT', 'Hạn mới không hợp lệ.');
  if (args.until <= s.phaseDeadline || args.until <= c.now) {
    refuse('EXTENSION_TOO_SHORT', `Hạn mới (${formatDateVn(args.until)}) phải sau hạn hiện tại (${formatDateVn(s.phaseDeadline)}) và sau thời điểm hiện tại.`);
  }
  checkReason(args.reason, 'Cần nêu lý do gia hạn.');
}
