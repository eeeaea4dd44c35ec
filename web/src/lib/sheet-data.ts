import type { CriteriaSet, LeafNode } from '../../../domain/criteria/types';
import type { ScoreEntry } from '../../../domain/scoring/entry';
import { api, request, type ApiResponse } from './api';
import { toH } from './format';
import type { AssessmentRecord, LeafRecord } from './types';

/**
 * A unit's assessment as the sheet screens use it: the record (phase, deadlines, leaves) and the
 * criteria set it is scored against, and the one place that turns a leaf's input into a draft body.
 */

export interface SheetData {
  assessment: AssessmentRecord;
  set: CriteriaSet;
}

const unitPath = (year: number | string, unitCode: string) => `/years/${year}/units/${encodeURIComponent(unitCode)}`;

export async function loadSheet(year: number | string, unitCode: string): Promise<SheetData> {
  const assessment = await api.get<AssessmentRecord & { criteriaSet?: CriteriaSet }>(`${unitPath(year, unitCode)}/assessment`);
  const set = assessment.criteriaSet ?? (await api.get<CriteriaSet>(`${unitPath(year, unitCode)}/criteria-set`));
  return { assessment, set };
}

export async function loadLeaf(year: number | string, unitCode: string, leafCode: string): Promise<LeafRecord | null> {
  const assessment = await api.get<AssessmentRecord>(`${unitPath(year, unitCode)}/assessment`);
  return assessment.leaves.find((l) => l.leafCode === leafCode) ?? null;
}

/** The input a saved leaf was scored with; from the points alone where the server kept no input. */
export function savedEntry(leaf: LeafNode, record: LeafRecord | null): ScoreEntry | null {
  if (!record) return null;
  if (record.selfInput && Object.keys(record.selfInput).length) return record.selfInput;
  if (record.selfScore === null) return null;
  const points = toH(record.selfScore);
  return leaf.kind === 'binary' ? { achieved: points === leaf.max } : { points };
}

export interface Draft {
  entry: ScoreEntry | null;
  /** Points the entry gives (hundredths); null when nothing is entered. */
  points: number | null;
  notApplicable: boolean;
  note: string;
}

export const etag = (version: number) => `"v${version}"`;

export function saveDraft(year: number | string, unitCode: string, leafCode: string, draft: Draft, version: number): Promise<ApiResponse<LeafRecord>> {
  const body = {
    selfScore: draft.notApplicable || draft.points === null ? null : draft.points / 100,
    selfInput: draft.notApplicable ? null : draft.entry,
    note: draft.note.trim() ? draft.note.trim() : null,
    notApplicable: draft.notApplicable,
  };
  return request<LeafRecord>('PUT', `${unitPath(year, unitCode)}/leaves/${encodeURIComponent(leafCode)}`, { body, ifMatch: etag(version) });
}

export { unitPath };
