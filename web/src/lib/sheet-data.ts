import type { CriteriaSet, LeafNode } from '../../../domain/criteria/types';
import type { ScoreEntry } from '../../../domain/scoring/entry';
import { api, request, type ApiResponse } from './api';
import { fromH, toH } from './format';
import type { ApiEntry, AssessmentRecord, LeafRecord } from './types';

/**
 * A unit's assessment as the sheet screens use it: the record (phase, deadline, leaves) and the
 * criteria set of its group, and the one place that turns a leaf's entry into a draft body. The API
 * speaks decimals (ratio 92.5), the domain's rules hundredths (9250).
 */

export interface SheetData {
  assessment: AssessmentRecord;
  set: CriteriaSet;
  /** The whole sheet's validator (for field-wide writes). */
  etag: string | null;
}

export const unitPath = (year: number | string, unitCode: string) => `/years/${year}/units/${encodeURIComponent(unitCode)}`;

const setCache = new Map<string, Promise<CriteriaSet>>();

/** A year's criteria set of one group; sets do not change once a year has started, so it is kept. */
export function loadCriteriaSet(year: number | string, groupCode: string): Promise<CriteriaSet> {
  const key = `${year}/${groupCode}`;
  let set = setCache.get(key);
  if (!set) {
    set = api.get<CriteriaSet>(`/years/${year}/criteria-sets/${encodeURIComponent(groupCode)}`);
    set.catch(() => setCache.delete(key));
    setCache.set(key, set);
  }
  return set;
}

export async function loadAssessment(year: number | string, unitCode: string): Promise<{ assessment: AssessmentRecord; etag: string | null }> {
  const response = await request<AssessmentRecord>('GET', `${unitPath(year, unitCode)}/assessment`);
  return { assessment: response.body, etag: response.headers.get('etag') };
}

export async function loadSheet(year: number | string, unitCode: string): Promise<SheetData> {
  const { assessment, etag } = await loadAssessment(year, unitCode);
  const set = await loadCriteriaSet(year, assessment.groupCode ?? '');
  return { assessment, set, etag };
}

/** The unit's totals and counts as its score sheet reports them (points in decimals). */
export interface SheetTotals {
  points: number;
  max: number;
  index: number | null;
  counts: { scorable: number; scored: number; unscored: number; notApplicable: number; appraised: number; flagged: number; decided: number };
}

export function loadSheetTotals(year: number | string, unitCode: string): Promise<SheetTotals> {
  return api.get<SheetTotals>(`${unitPath(year, unitCode)}/score-sheet`);
}

export async function loadLeaf(year: number | string, unitCode: string, leafCode: string): Promise<LeafRecord | null> {
  const { assessment } = await loadAssessment(year, unitCode);
  return assessment.leaves.find((l) => l.leafCode === leafCode) ?? null;
}

const DECIMAL_KEYS = ['points', 'ratio', 'numerator', 'denominator'] as const;

/** API entry (decimals) → domain entry (hundredths). */
export function fromApiEntry(entry: ApiEntry): ScoreEntry {
  const out: { -readonly [K in keyof ScoreEntry]: ScoreEntry[K] } = {};
  for (const key of DECIMAL_KEYS) if (typeof entry[key] === 'number') out[key] = toH(entry[key]);
  if (typeof entry.achieved === 'boolean') out.achieved = entry.achieved;
  if (typeof entry.occurrences === 'number') out.occurrences = entry.occurrences;
  return out;
}

/** Domain entry (hundredths) → API entry (decimals). */
export function toApiEntry(entry: ScoreEntry): ApiEntry {
  const out: ApiEntry = {};
  for (const key of DECIMAL_KEYS) if (entry[key] !== undefined) out[key] = fromH(entry[key]);
  if (entry.achieved !== undefined) out.achieved = entry.achieved;
  if (entry.occurrences !== undefined) out.occurrences = entry.occurrences;
  return out;
}

/** The entry a saved leaf was scored with; from the points alone where the server kept no entry. */
export function savedEntry(leaf: LeafNode, record: LeafRecord | null): ScoreEntry | null {
  if (!record) return null;
  if (record.entry && Object.keys(record.entry).length) return fromApiEntry(record.entry);
  if (record.selfScore === null) return null;
  const points = toH(record.selfScore);
  return leaf.kind === 'binary' ? { achieved: points === leaf.max } : { points };
}

/** Scored, or marked not applicable, on the server. */
export function isDone(record: LeafRecord | null | undefined): boolean {
  return Boolean(record && (record.notApplicable || record.selfScore !== null || (record.entry && Object.keys(record.entry).length)));
}

export interface Draft {
  /** The entry to store; null clears it; undefined leaves the stored one as it is. */
  entry: ScoreEntry | null | undefined;
  /** Points the entry gives (hundredths); null when nothing is entered or the rule leaves it out. */
  points: number | null;
  notApplicable: boolean;
  note: string;
}

export const etag = (version: number) => `"v${version}"`;

export function saveDraft(year: number | string, unitCode: string, leafCode: string, draft: Draft, version: number): Promise<ApiResponse<LeafRecord>> {
  const body = {
    ...(draft.entry !== undefined ? { entry: draft.entry ? toApiEntry(draft.entry) : null } : {}),
    note: draft.note.trim() ? draft.note.trim() : null,
    notApplicable: draft.notApplicable,
  };
  return request<LeafRecord>('PUT', `${unitPath(year, unitCode)}/leaves/${encodeURIComponent(leafCode)}`, { body, ifMatch: etag(version) });
}
