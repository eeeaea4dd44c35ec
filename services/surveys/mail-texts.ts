import { formatDateVn } from '../../domain/calendar';

/** The Vietnamese texts of the survey's e-mails. A reminder never carries a code: only invitations do. */

const SIGNATURE = '\n\n--\nSở Nội vụ - Phần mềm chấm điểm Chỉ số CCHC\nThư gửi tự động, vui lòng không trả lời thư này.';

export function surveyLink(publicUrl: string, code?: string): string {
  return `${publicUrl.replace(/\/$/, '')}/#/khao-sat${code ? `?ma=${encodeURIComponent(code)}` : ''}`;
}

export interface InvitationContext {
  year: number;
  fullName: string | null;
  groupName: string;
  serial: number;
  code: string;
  closesAt: number;
  publicUrl: string;
}

export function invitationMail(c: InvitationContext): { subject: string; text: string } {
  return {
    subject: `[Chỉ số CCHC ${c.year}] Thư mời tham gia điều tra xã hội học`,
    text:
      `Kính gửi ${c.fullName ?? 'Ông/Bà'},\n\n` +
      `Sở Nội vụ trân trọng mời Ông/Bà tham gia điều tra xã hội học phục vụ đánh giá Chỉ số cải cách hành chính năm ${c.year} (nhóm người trả lời: ${c.groupName}).\n\n` +
      `Mã trả lời phiếu của Ông/Bà: ${c.code} (phiếu số ${c.serial}). Mã chỉ dùng cho một phiếu, xin không chuyển cho người khác.\n` +
      `Trả lời phiếu tại: ${surveyLink(c.publicUrl, c.code)}\n` +
      `Hạn trả lời: hết ngày ${formatDateVn(c.closesAt)}. Ông/Bà có thể lưu và trả lời tiếp nhiều lần; sau khi nộp, phiếu không sửa được nữa.${SIGNATURE}`,
  };
}

export interface ReminderContext {
  year: number;
  fullName: string | null;
  serial: number;
  closesAt: number;
  publicUrl: string;
}

export function reminderMail(c: ReminderContext): { subject: string; text: string } {
  return {
    subject: `[Chỉ số CCHC ${c.year}] Nhắc trả lời phiếu điều tra xã hội học trước ngày ${formatDateVn(c.closesAt)}`,
    text:
      `Kính gửi ${c.fullName ?? 'Ông/Bà'},\n\n` +
      `Đến nay phiếu điều tra xã hội học số ${c.serial} (Chỉ số cải cách hành chính năm ${c.year}) của Ông/Bà chưa được nộp.\n` +
      `Điều tra kết thúc vào hết ngày ${formatDateVn(c.closesAt)}; sau thời điểm đó hệ thống không nhận thêm câu trả lời.\n\n` +
      `Trả lời phiếu tại: ${surveyLink(c.publicUrl)} bằng mã trong thư mời đã gửi Ông/Bà. Nếu không còn thư mời, xin liên hệ Sở Nội vụ để được cấp lại mã.${SIGNATURE}`,
  };
}
