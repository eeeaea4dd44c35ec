import { formatDateTimeVn } from '../calendar';
import { deadlineInstants, type YearConfig } from '../year-config';
import { conflict } from './errors';

/**
 * Whether the sociological survey of a year takes answers. It opens when the year starts and closes at
 * the end of the year's `deadlines.surveyClose` (Asia/Ho_Chi_Minh). The cycle workflow's timer moves
 * the year on at that moment (status `survey_closed`); the API checks both the status in the database
 * and the date, so an answer is refused from the deadline on even before the timer's record lands.
 */
export type SurveyState = 'not_started' | 'open' | 'closed';

export interface SurveyWindow {
  state: SurveyState;
  /** Epoch ms of the last moment answers are taken. */
  closesAt: number;
}

/** Year statuses in which the survey may be open (before its deadline). */
const OPEN_STATUSES: readonly string[] = ['running'];

export function surveyWindow(year: { status: string; config: unknown }, now: number): SurveyWindow {
  const closesAt = deadlineInstants((year.config as YearConfig).deadlines).surveyClose;
  if (year.status === 'setup') return { state: 'not_started', closesAt };
  if (!OPEN_STATUSES.includes(year.status) || now > closesAt) return { state: 'closed', closesAt };
  return { state: 'open', closesAt };
}

/** Throws the 409 a respondent (or a paper import) gets when the survey does not take answers. */
export function assertSurveyOpen(year: { year: number; status: string; config: unknown }, now: number): SurveyWindow {
  const window = surveyWindow(year, now);
  if (window.state === 'not_started') {
    throw conflict('SURVEY_NOT_OPEN', 'Điều tra xã hội học chưa bắt đầu', `Điều tra xã hội học năm ${year.year} chưa bắt đầu; phiếu chỉ nhận trả lời sau khi Sở Nội vụ khởi động năm đánh giá.`);
  }
  if (window.state === 'closed') {
    throw conflict(
      'SURVEY_CLOSED',
      'Điều tra xã hội học đã kết thúc',
      `Điều tra xã hội học năm ${year.year} đã kết thúc lúc ${formatDateTimeVn(window.closesAt)}; không nhận thêm câu trả lời.`,
    );
  }
  return window;
}
