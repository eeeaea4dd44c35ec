import type { CouncilDuty } from '../../../domain/council';
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

export interface CouncilMember extends CouncilDuty {
  username: string;
  fullName: string;
  active: boolean;
  unitCode: string | null;
  conflicts: { unitCode: string; reason: string | null }[];
  substituteFor: { unitCode: string; fieldCode: string; reason: string | null }[];
}

export interface Council {
  year: number;
  members: CouncilMember[];
  substitutes: { unitCode: string; fieldCode: string; username: string; reason: string | null }[];
}

export function loadCouncil(year: number | string): Promise<Council> {
  return api.get<Council>(`/years/${year}/council`);
}

/** The signed-in council member's part in a year: fields, units they belong to, substitutions. */
export async function myDuty(year: number): Promise<CouncilDuty> {
  const [me, council] = await Promise.all([loadMe(), loadCouncil(year)]);
  return council.members.find((m) => m.username === me.username) ?? { fields: [], conflictUnits: [], substituteFor: [] };
}

/** Phases in which the council has work on a unit. */
export const APPRAISAL_PHASES = new Set(['APPRAISAL', 'DISPUTE', 'FINAL_APPRAISAL']);
