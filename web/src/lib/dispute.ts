import { api, newIdempotencyKey } from './api';
import { unitPath } from './sheet-data';
import type { LeafRecord } from './types';

/**
 * The explanation round (giải trình, kiến nghị): leaves the council flagged in round 1, the unit's
 * explanation of each, and the council's round 2 decision on it.
 */

export type DisputeResult = 'upheld' | 'rejected' | 'explain';

export const DISPUTE_RESULT_LABELS: Record<DisputeResult, string> = {
  upheld: 'Chấp nhận giải trình',
  rejected: 'Không chấp nhận giải trình (giữ kết quả vòng 1)',
  explain: 'Yêu cầu giải trình thêm',
};

/** Flagged in round 1 for the unit to explain. */
export function isFlagged(record: LeafRecord | undefined | null): boolean {
  return record?.appraisalAction === 'explain';
}

/** Decided in round 2. */
export function isDecided(record: LeafRecord | undefined | null): boolean {
  return Boolean(record && (record.explanationResult || (record.finalScore !== null && record.finalScore !== undefined)));
}

export function submitExplanation(year: number | string, unitCode: string, leafCode: string, explanation: string): Promise<unknown> {
  return api.post(`${unitPath(year, unitCode)}/explanations/${encodeURIComponent(leafCode)}`, { explanation }, { idempotencyKey: newIdempotencyKey() });
}

export function decideDispute(year: number | string, unitCode: string, leafCode: string, body: { result: DisputeResult; score?: number; reason?: string }): Promise<unknown> {
  return api.post(`${unitPath(year, unitCode)}/appraisal/leaves/${encodeURIComponent(leafCode)}/decision`, body, { idempotencyKey: newIdempotencyKey() });
}
