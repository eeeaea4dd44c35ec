import { api, ApiError } from './api';

/**
 * The assessment years the user can open. The list comes from GET /years; the year shown by default
 * is the newest one that has started (else the newest), and the last calendar year when none is
 * known yet (the index measures last year's work).
 */

export interface YearSummary {
  year: number;
  title: string;
  status: string;
  statusLabel?: string;
}

export const YEAR_STATUS_LABELS: Record<string, string> = {
  setup: 'Đang chuẩn bị',
  running: 'Đang đánh giá',
  survey_closed: 'Đã đóng điều tra xã hội học',
  council_review: 'Chờ Hội đồng phê duyệt',
  approved: 'Đã phê duyệt',
  published: 'Đã công bố',
};

let cached: Promise<YearSummary[]> | null = null;

export function listYears(fresh = false): Promise<YearSummary[]> {
  if (fresh || !cached) {
    cached = api
      .get<{ items: YearSummary[] }>('/years?pageSize=100')
      .then((body) => body.items.sort((a, b) => b.year - a.year))
      .catch((error: unknown) => {
        cached = null;
        if (error instanceof ApiError && (error.status === 404 || error.status === 405)) return [];
        throw error;
      });
  }
  return cached;
}

export async function defaultYear(): Promise<number> {
  const years = await listYears().catch(() => [] as YearSummary[]);
  const started = years.find((y) => y.status !== 'setup');
  return (started ?? years[0])?.year ?? new Date().getFullYear() - 1;
}
