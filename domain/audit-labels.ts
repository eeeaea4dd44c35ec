import { formatPoints } from './decimal';

/** Vietnamese names of the actions the audit log records, for timelines people read. */
const LABELS: Record<string, string> = {
  'year.create': 'Tạo năm đánh giá',
  'year.update': 'Sửa năm đánh giá',
  'year.start': 'Khởi động năm đánh giá',
  'year.status': 'Năm chuyển trạng thái',
  'year.ranked': 'Xếp hạng',
  'criteria-set.import': 'Nhập bộ tiêu chí',
  'council.assign-fields': 'Phân công lĩnh vực thẩm định',
  'council.conflicts': 'Xác định xung đột lợi ích của thành viên Hội đồng',
  'council.substitute': 'Chỉ định thành viên thẩm định thay',
  'council.substitute-removed': 'Bỏ chỉ định thành viên thẩm định thay',
  'phase.enter': 'Chuyển giai đoạn',
  'self.draft': 'Lưu nháp tự chấm',
  'self.field-not-applicable': 'Đánh dấu lĩnh vực không áp dụng',
  'self.field-applicable': 'Bỏ đánh dấu lĩnh vực không áp dụng',
  'self.submitted': 'Nộp hồ sơ tự đánh giá',
  'self.locked-late': 'Khóa hồ sơ khi hết hạn (nộp muộn)',
  'evidence.upload': 'Tải lên tài liệu kiểm chứng',
  'evidence.delete': 'Gỡ tài liệu kiểm chứng',
  'evidence.supplementary': 'Bổ sung tài liệu kiểm chứng khi giải trình',
  'dispute.explanation': 'Đơn vị giải trình, kiến nghị',
  'assessment.excluded': 'Loại khỏi đánh giá, xếp hạng',
  'deadline.extended': 'Gia hạn',
  'deadline.missed': 'Quá hạn',
  'survey.scores': 'Điểm điều tra xã hội học',
  'satisfaction.import': 'Nhập kết quả khảo sát sự hài lòng',
  'user.create': 'Tạo tài khoản',
  'user.update': 'Sửa tài khoản',
  'user.deactivate': 'Vô hiệu hóa tài khoản',
  'user.locked': 'Tạm khóa tài khoản (đăng nhập sai nhiều lần)',
  'user.password-changed': 'Đổi mật khẩu',
  'user.password-reset': 'Đặt lại mật khẩu',
  'unit.create': 'Tạo đơn vị',
  'unit.update': 'Sửa đơn vị',
  'unit-group.create': 'Tạo nhóm đơn vị',
  'unit-group.update': 'Sửa nhóm đơn vị',
  'unit-group.delete': 'Xóa nhóm đơn vị',
};

/** What a council member did to a leaf or field, in any appraisal round ("appraisal.round2.upheld"). */
const ROUND_ACTIONS: Record<string, string> = {
  accept: 'chấp nhận',
  adjust: 'điều chỉnh điểm',
  explain: 'yêu cầu giải trình',
  upheld: 'chấp nhận giải trình',
  rejected: 'không chấp nhận giải trình',
  'field-done': 'hoàn thành lĩnh vực',
};

export function actionLabel(action: string): string {
  const round = /^appraisal\.round(\d+)\.(.+)$/.exec(action);
  if (round && ROUND_ACTIONS[round[2]!]) return `Thẩm định vòng ${round[1]}: ${ROUND_ACTIONS[round[2]!]}`;
  return LABELS[action] ?? action;
}

const scoreOf = (side: unknown): number | null | undefined => {
  if (!side || typeof side !== 'object' || !('score' in side)) return undefined;
  const score = (side as { score: unknown }).score;
  return typeof score === 'number' && Number.isSafeInteger(score) ? score : score === null ? null : undefined;
};

/**
 * What an appraisal or round 2 decision did to the leaf's score, as people read it on the timeline:
 * "2,00 → 1,00: <reason>" (scores are hundredths in the log; "—" where the unit never scored).
 */
export function scoreChange(e: { action: string; before: unknown; after: unknown; reason: string | null }): string | null {
  if (!e.action.startsWith('appraisal.') || e.action.endsWith('.field-done')) return null;
  const before = scoreOf(e.before);
  const after = scoreOf(e.after);
  if (before === undefined || after === undefined) return null;
  const show = (s: number | null) => (s === null ? '—' : formatPoints(s));
  return `${show(before)} → ${show(after)}${e.reason ? `: ${e.reason}` : ''}`;
}
