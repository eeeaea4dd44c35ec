/**
 * Why an action was refused. Workflows raise these codes from update validators; the API turns each
 * into its HTTP status and a Vietnamese title. One table, so the two never disagree.
 */
export const REFUSALS = {
  WRONG_PHASE: { status: 409, title: 'Thao tác không phù hợp với giai đoạn hiện tại' },
  ALREADY_SUBMITTED: { status: 409, title: 'Hồ sơ tự đánh giá đã được nộp' },
  DEADLINE_PASSED: { status: 409, title: 'Đã quá thời hạn' },
  FIELD_ALREADY_DONE: { status: 409, title: 'Lĩnh vực đã được thẩm định xong' },
  FIELD_INCOMPLETE: { status: 409, title: 'Lĩnh vực còn tiêu chí chưa thẩm định' },
  NOT_READY: { status: 409, title: 'Chưa đủ điều kiện' },
  ALREADY_DONE: { status: 409, title: 'Thao tác đã được thực hiện' },
  UNKNOWN_LEAF: { status: 422, title: 'Tiêu chí không tồn tại trong bộ tiêu chí' },
  UNKNOWN_FIELD: { status: 422, title: 'Lĩnh vực không tồn tại hoặc không áp dụng' },
  LEAF_NOT_APPRAISABLE: { status: 422, title: 'Tiêu chí không thuộc diện thẩm định' },
  SCORE_OUT_OF_RANGE: { status: 422, title: 'Điểm ngoài khoảng cho phép' },
  REASON_REQUIRED: { status: 422, title: 'Cần nêu lý do' },
  INVALID_INPUT: { status: 422, title: 'Dữ liệu không hợp lệ' },
  SCORE_NOT_ALLOWED: { status: 422, title: 'Điểm không đúng quy định của tiêu chí' },
  LEAF_NOT_FLAGGED: { status: 422, title: 'Tiêu chí không thuộc diện giải trình' },
  ALREADY_EXPLAINED: { status: 409, title: 'Tiêu chí đã được giải trình' },
  ALREADY_DECIDED: { status: 409, title: 'Kiến nghị đã được xem xét' },
  DISPUTES_DISABLED: { status: 422, title: 'Năm đánh giá không có vòng giải trình' },
  NOT_SUBMITTED: { status: 409, title: 'Đơn vị chưa nộp hồ sơ tự đánh giá' },
  ALREADY_EXCLUDED: { status: 409, title: 'Đơn vị đã bị loại khỏi đánh giá, xếp hạng' },
  RANKING_STARTED: { status: 409, title: 'Kết quả đã được phê duyệt để xếp hạng' },
  NOT_EXTENDABLE: { status: 409, title: 'Giai đoạn hiện tại không có thời hạn để gia hạn' },
  EXTENSION_TOO_SHORT: { status: 422, title: 'Hạn mới phải sau hạn hiện tại' },
} as const;

export type RefusalCode = keyof typeof REFUSALS;

export function isRefusalCode(value: unknown): value is RefusalCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(REFUSALS, value);
}
