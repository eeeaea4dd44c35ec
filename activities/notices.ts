import { formatDateTimeVn, formatDateVn } from '../domain/calendar';
import { formatPercent } from '../domain/decimal';

/** The Vietnamese texts of every notice the system sends, and who receives each. */

export const NOTICE_KINDS = [
  'SELF_ASSESSMENT_OPEN',
  'REMIND_SELF',
  'SUBMITTED',
  'LOCKED_LATE',
  'APPRAISAL_OPEN',
  'REMIND_APPRAISAL',
  'ESCALATE_APPRAISAL',
  'EXPLANATION_REQUESTED',
  'REMIND_EXPLANATION',
  'EXPLANATION_CLOSED',
  'FINAL_APPRAISAL_OPEN',
  'APPRAISAL_FINAL',
  'EXCLUDED',
  'DEADLINE_EXTENDED',
  'COUNCIL_REVIEW',
  'REMIND_REPORT',
  'ESCALATE_REPORT',
  'PUBLISHED',
] as const;

export type NoticeKind = (typeof NOTICE_KINDS)[number];

/** unit: the unit's mailbox and its officers and head; council: members owning the notice's fields. */
export type Audience = 'unit' | 'council' | 'secretariat' | 'chair';

export const AUDIENCE: Record<NoticeKind, readonly Audience[]> = {
  SELF_ASSESSMENT_OPEN: ['unit'],
  REMIND_SELF: ['unit'],
  SUBMITTED: ['unit'],
  LOCKED_LATE: ['unit', 'secretariat'],
  APPRAISAL_OPEN: ['council'],
  REMIND_APPRAISAL: ['council'],
  ESCALATE_APPRAISAL: ['secretariat', 'council'],
  EXPLANATION_REQUESTED: ['unit'],
  REMIND_EXPLANATION: ['unit'],
  EXPLANATION_CLOSED: ['unit', 'secretariat'],
  FINAL_APPRAISAL_OPEN: ['council'],
  APPRAISAL_FINAL: ['unit'],
  EXCLUDED: ['unit', 'secretariat'],
  DEADLINE_EXTENDED: ['unit', 'council'],
  COUNCIL_REVIEW: ['chair', 'secretariat'],
  REMIND_REPORT: ['secretariat'],
  ESCALATE_REPORT: ['secretariat', 'chair'],
  PUBLISHED: ['unit'],
};

export interface NoticeContext {
  year: number;
  unitName?: string;
  at: number;
  deadline?: number | null;
  daysBefore?: number;
  /** Appraisal round (1, 2 …). */
  round?: number;
  fields?: string[];
  /** Leaves concerned, as "code — title". */
  leaves?: string[];
  /** Units concerned (cycle notices), by name. */
  units?: string[];
  reason?: string | null;
  /** What a deadline extension moved, e.g. "hạn tự đánh giá". */
  what?: string;
  rank?: number | null;
  classification?: string | null;
  indexPct?: number | null;
  excluded?: boolean;
  link: string;
}

const SIGNATURE = '\n\n--\nPhần mềm chấm điểm Chỉ số CCHC tỉnh Tuyên Quang\nThư gửi tự động, vui lòng không trả lời.';

const day = (t: number | null | undefined) => (t ? formatDateVn(t) : 'theo kế hoạch');
const list = (items: string[] | undefined) => (items?.length ? items.map((i) => `  - ${i}`).join('\n') : '  (không có)');
const fieldList = (fields: string[] | undefined) => (fields?.length ? fields.map((f) => `lĩnh vực ${f}`).join(', ') : '');
const roundName = (round: number | undefined) => (round && round > 1 ? `vòng ${round} (chính thức)` : 'vòng 1');

export function renderNotice(kind: NoticeKind, c: NoticeContext): { subject: string; text: string } {
  const unit = c.unitName ?? '';
  const tag = `[Chỉ số CCHC ${c.year}]`;
  const n = c.daysBefore ?? 0;
  const body = (subject: string, text: string) => ({ subject: `${tag} ${subject}`, text: `${text}${SIGNATURE}` });
  switch (kind) {
    case 'SELF_ASSESSMENT_OPEN':
      return body(
        `Mở tự đánh giá, chấm điểm Chỉ số CCHC của ${unit}`,
        `Năm đánh giá Chỉ số CCHC ${c.year} đã bắt đầu. Đề nghị ${unit} tự đánh giá, chấm điểm từng tiêu chí, tiêu chí thành phần và tải lên tài liệu kiểm chứng trên phần mềm.\nHạn nộp hồ sơ tự đánh giá: hết ngày ${day(c.deadline)}. Đến hạn, hồ sơ chưa nộp sẽ được khóa theo hiện trạng và ghi nhận nộp muộn.\n\nVào hồ sơ: ${c.link}`,
      );
    case 'REMIND_SELF':
      return body(
        `Nhắc hạn: còn ${n} ngày để nộp hồ sơ tự đánh giá của ${unit}`,
        `${unit} chưa nộp hồ sơ tự đánh giá, chấm điểm Chỉ số CCHC năm ${c.year}.\nHạn nộp: hết ngày ${day(c.deadline)} (còn ${n} ngày). Đến hạn, hồ sơ chưa nộp sẽ được khóa theo hiện trạng và ghi nhận nộp muộn.\n\nVào hồ sơ: ${c.link}`,
      );
    case 'SUBMITTED':
      return body(
        `${unit} đã nộp hồ sơ tự đánh giá`,
        `${unit} đã nộp hồ sơ tự đánh giá, chấm điểm Chỉ số CCHC năm ${c.year} lúc ${formatDateTimeVn(c.at)}.\nĐiểm tự chấm đã được khóa; Hội đồng thẩm định sẽ thẩm định sau khi điều tra xã hội học kết thúc.\n\nXem hồ sơ: ${c.link}`,
      );
    case 'LOCKED_LATE':
      return body(
        `${unit} quá hạn tự đánh giá — hồ sơ đã bị khóa`,
        `Đến hết hạn tự đánh giá (${day(c.deadline)}), ${unit} chưa nộp hồ sơ tự đánh giá Chỉ số CCHC năm ${c.year}.\nHồ sơ đã được khóa theo hiện trạng lúc ${formatDateTimeVn(c.at)} và được ghi nhận nộp muộn.\n\nXem hồ sơ: ${c.link}`,
      );
    case 'APPRAISAL_OPEN':
      return body(
        `Thẩm định hồ sơ của ${unit}`,
        `Hồ sơ tự đánh giá Chỉ số CCHC năm ${c.year} của ${unit} đã sẵn sàng để thẩm định vòng 1 (${fieldList(c.fields)}).\nHạn thẩm định: hết ngày ${day(c.deadline)}.\n\nThẩm định tại: ${c.link}`,
      );
    case 'REMIND_APPRAISAL':
      return body(
        `Nhắc hạn: còn ${n} ngày để thẩm định ${roundName(c.round)} hồ sơ của ${unit}`,
        `Hồ sơ Chỉ số CCHC năm ${c.year} của ${unit} còn ${fieldList(c.fields)} chưa thẩm định xong ${roundName(c.round)}.\nHạn thẩm định: hết ngày ${day(c.deadline)} (còn ${n} ngày).\n\nThẩm định tại: ${c.link}`,
      );
    case 'ESCALATE_APPRAISAL':
      return body(
        `Quá hạn thẩm định ${roundName(c.round)} hồ sơ của ${unit}`,
        `Đến hết hạn thẩm định ${roundName(c.round)} (${day(c.deadline)}), hồ sơ Chỉ số CCHC năm ${c.year} của ${unit} còn ${fieldList(c.fields)} chưa được thẩm định xong.\nHồ sơ tiếp tục chờ kết quả thẩm định, không bị bỏ qua. Đề nghị Sở Nội vụ đôn đốc thành viên Hội đồng phụ trách lĩnh vực hoàn thành thẩm định.\n\nXem hồ sơ: ${c.link}`,
      );
    case 'EXPLANATION_REQUESTED':
      return body(
        `Đề nghị ${unit} giải trình kết quả thẩm định`,
        `Hội đồng thẩm định đề nghị ${unit} giải trình (hoặc kiến nghị) về kết quả thẩm định Chỉ số CCHC năm ${c.year} ở các tiêu chí sau:\n${list(c.leaves)}\nHạn giải trình: hết ngày ${day(c.deadline)}. Sau thời hạn này, Hội đồng thẩm định vòng 2 (chính thức) trên cơ sở hồ sơ hiện có.\n\nGiải trình tại: ${c.link}`,
      );
    case 'REMIND_EXPLANATION':
      return body(
        `Nhắc hạn: còn ${n} ngày để ${unit} giải trình`,
        `${unit} chưa giải trình các tiêu chí sau trong kết quả thẩm định Chỉ số CCHC năm ${c.year}:\n${list(c.leaves)}\nHạn giải trình: hết ngày ${day(c.deadline)} (còn ${n} ngày).\n\nGiải trình tại: ${c.link}`,
      );
    case 'EXPLANATION_CLOSED':
      return body(
        `Hết hạn giải trình: ${unit} còn tiêu chí chưa giải trình`,
        `Đến hết hạn giải trình (${day(c.deadline)}), ${unit} chưa giải trình các tiêu chí sau trong kết quả thẩm định Chỉ số CCHC năm ${c.year}:\n${list(c.leaves)}\nHội đồng thẩm định vòng 2 (chính thức) trên cơ sở hồ sơ hiện có.\n\nXem hồ sơ: ${c.link}`,
      );
    case 'FINAL_APPRAISAL_OPEN':
      return body(
        `Thẩm định vòng 2 (chính thức) hồ sơ của ${unit}`,
        `Đã hết thời gian giải trình của ${unit} (Chỉ số CCHC năm ${c.year}). Đề nghị thành viên Hội đồng xem xét giải trình và quyết định điểm chính thức của các tiêu chí sau (${fieldList(c.fields)}):\n${list(c.leaves)}\nHạn thẩm định vòng 2: hết ngày ${day(c.deadline)}.\n\nThẩm định tại: ${c.link}`,
      );
    case 'APPRAISAL_FINAL':
      return body(
        `${unit} đã có kết quả thẩm định chính thức`,
        `Hồ sơ Chỉ số CCHC năm ${c.year} của ${unit} đã được Hội đồng thẩm định xong.\nKết quả sẽ được Sở Nội vụ tổng hợp, báo cáo Chủ tịch Hội đồng phê duyệt trước khi xếp hạng và công bố.\n\nXem kết quả thẩm định: ${c.link}`,
      );
    case 'EXCLUDED':
      return body(
        `${unit} không được đánh giá, xếp hạng Chỉ số CCHC`,
        `${unit} bị loại khỏi đánh giá, xếp hạng Chỉ số CCHC năm ${c.year} do thiếu trung thực trong tài liệu kiểm chứng, số liệu hoặc phiếu điều tra.\nLý do: ${c.reason ?? ''}\nĐiểm đã chấm được giữ nguyên để đối chiếu; đơn vị không được xếp hạng.\n\nXem hồ sơ: ${c.link}`,
      );
    case 'DEADLINE_EXTENDED':
      return body(
        `Gia hạn ${c.what ?? 'thời hạn'} cho ${unit}`,
        `Sở Nội vụ đã gia hạn ${c.what ?? 'thời hạn'} Chỉ số CCHC năm ${c.year} của ${unit} đến hết ngày ${day(c.deadline)}.\nLý do: ${c.reason ?? ''}\n\nXem hồ sơ: ${c.link}`,
      );
    case 'COUNCIL_REVIEW':
      return body(
        'Kết quả thẩm định đã đủ, chờ Chủ tịch Hội đồng phê duyệt',
        `Tất cả đơn vị đã có kết quả thẩm định chính thức Chỉ số CCHC năm ${c.year} (hoặc đã bị loại khỏi xếp hạng).\nĐề nghị Chủ tịch Hội đồng thẩm định xem xét, phê duyệt kết quả để xếp hạng và công bố.\n\nXem tổng hợp: ${c.link}`,
      );
    case 'REMIND_REPORT':
      return body(
        `Nhắc hạn: còn ${n} ngày đến hạn báo cáo Chủ tịch Hội đồng`,
        `Hạn báo cáo kết quả thẩm định Chỉ số CCHC năm ${c.year} lên Chủ tịch Hội đồng: hết ngày ${day(c.deadline)} (còn ${n} ngày).\nCác đơn vị chưa có kết quả thẩm định chính thức:\n${list(c.units)}\n\nXem tổng hợp: ${c.link}`,
      );
    case 'ESCALATE_REPORT':
      return body(
        `Quá hạn báo cáo kết quả thẩm định (${day(c.deadline)})`,
        `Đã hết hạn báo cáo kết quả thẩm định Chỉ số CCHC năm ${c.year} lên Chủ tịch Hội đồng (${day(c.deadline)}), nhưng các đơn vị sau chưa có kết quả thẩm định chính thức:\n${list(c.units)}\nViệc tổng hợp tiếp tục chờ các đơn vị này; đề nghị đôn đốc hoàn thành.\n\nXem tổng hợp: ${c.link}`,
      );
    case 'PUBLISHED':
      return body(
        `Kết quả Chỉ số CCHC của ${unit}`,
        `Kết quả Chỉ số CCHC năm ${c.year} của ${unit} đã được công bố.\nChỉ số: ${c.indexPct === null || c.indexPct === undefined ? 'chưa có' : formatPercent(c.indexPct)}. ${
          c.excluded ? 'Không xếp hạng (bị loại do thiếu trung thực).' : c.rank ? `Xếp hạng: ${c.rank}.` : 'Không xếp hạng.'
        }${c.classification ? ` Xếp loại: ${c.classification}.` : ''}\n\nXem kết quả: ${c.link}`,
      );
  }
}
