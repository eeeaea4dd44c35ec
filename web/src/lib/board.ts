import { api } from './api';
import type { Board } from './types';

/** The status board of a year (PostgreSQL projections: one request for every unit). */
export function loadBoard(year: number | string, filters: Record<string, string> = {}): Promise<Board> {
  const query = new URLSearchParams([['pageSize', '500'], ...Object.entries(filters).filter(([, v]) => v !== '')]);
  const qs = query.toString();
  return api.get<Board>(`/years/${year}/status${qs ? `?${qs}` : ''}`);
}

export interface Me {
  userId: string;
  username: string;
  fullName: string;
  role: string;
  unitCode: string | null;
  fieldAssignments?: { year: number; fields: string[] }[];
}

export function loadMe(): Promise<Me> {
  return api.get<Me>('/auth/me');
}

/** The fields a council member owns in a year. */
export async function myFields(year: number): Promise<string[]> {
  const me = await loadMe();
  return me.fieldAssignments?.find((a) => a.year === year)?.fields ?? [];
}

/** Phases in which the council has work on a unit. */
export const APPRAISAL_PHASES = new Set(['APPRAISAL', 'DISPUTE', 'FINAL_APPRAISAL']);
