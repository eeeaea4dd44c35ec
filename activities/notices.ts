import { formatDateTimeVn, formatDateVn } from '../domain/calendar';

/** The Vietnamese texts of every notice the system sends. */

export type NoticeKind =
  | 'SUBMITTED'
  | 'LOCKED_LATE'
  | 'APPRAISAL_OPEN'
  | 'COUNCIL_REVIEW'
  | 'PUBLISHED';

export interface NoticeContext {
  year: number;
  unitName?: string;
  unitCode?: string;
  at: number;
  deadline?: number | null;
  rank?: number | null;
  classification?: string | null;
  indexPct?: number | null;
  link: string;
}

const SIGNATURE = '\n\n--\nPhần mềm chấm điểm Chỉ số CCHC tỉnh Tuyên Quang\nThư gửi tự động, vui lòng không trả lời.';

function pct(h: number | null | undefined): string {
  return h === null || h === undefined ? 'chưa có' : `${(h / 100).toFixed(2).replace('.', ',')}%`;
}

export function renderNotice(kind: NoticeKind, c: NoticeContext): { subject: string; text: string } {
  const unit = c.unitName ?? c.unitCode ?? '';
  switch (kind) {
    case 'SUBMITTED':
      return {
        subject: `[Chỉ số CCHC ${c.year}] ${unit} đã nộp hồ sơ tự đánh giá`,
        text: `${unit} đã nộp hồ sơ tự đánh giá, chấm điểm Chỉ số CCHC năm ${c.year} lúc ${formatDateTimeVn(c.at)}.\nĐiểm tự chấm đã được khóa; Hội đồng thẩm định sẽ thẩm định sau khi điều tra xã hội học kết thúc.\n\nXem hồ sơ: ${c.link}${SIGNATURE}`,
      };
    case 'LOCKED_LATE':
      return {
        subject: `[Chỉ số CCHC ${c.year}] ${unit} quá hạn tự đánh giá — hồ sơ đã bị khóa`,
        text: `Đến hết hạn tự đánh giá${c.deadline ? ` (${formatDateVn(c.deadline)})` : ''}, ${unit} chưa nộp hồ sơ tự đánh giá Chỉ số CCHC năm ${c.year}.\nHồ sơ đã được khóa theo hiện trạng lúc ${formatDateTimeVn(c.at)} và được ghi nhận nộp muộn.\n\nXem hồ sơ: ${c.link}${SIGNATURE}`,
      };
    case 'APPRAISAL_OPEN':
      return {
        subject: `[Chỉ số CCHC ${c.year}] Thẩm định hồ sơ của ${unit}`,
        text: `Hồ sơ tự đánh giá Chỉ số CCHC năm ${c.year} của ${unit} đã sẵn sàng để thẩm định vòng 1.\nHạn thẩm định: ${c.deadline ? formatDateVn(c.deadline) : 'theo kế hoạch'}.\n\nThẩm định tại: ${c.link}${SIGNATURE}`,
      };
    case 'COUNCIL_REVIEW':
      return {
        subject: `[Chỉ số CCHC ${c.year}] Kết quả thẩm định đã đủ, chờ Chủ tịch Hội đồng phê duyệt`,
        text: `Tất cả đơn vị đã có kết quả thẩm định chính thức Chỉ số CCHC năm ${c.year} (hoặc đã bị loại khỏi xếp hạng).\nĐề nghị Chủ tịch Hội đồng thẩm định xem xét, phê duyệt kết quả để xếp hạng và công bố.\n\nXem tổng hợp: ${c.link}${SIGNATURE}`,
      };
    case 'PUBLISHED':
      return {
        subject: `[Chỉ số CCHC ${c.year}] Kết quả Chỉ số CCHC của ${unit}`,
        text: `Kết quả Chỉ số CCHC năm ${c.year} của ${unit} đã được công bố.\nChỉ số: ${pct(c.indexPct)}. ${c.rank ? `Xếp hạng: ${c.rank}.` : 'Không xếp hạng.'}${c.classification ? ` Xếp loại: ${c.classification}.` : ''}\n\nXem kết quả: ${c.link}${SIGNATURE}`,
      };
  }
}
