import type { Request, Response } from 'express';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { ScoreEntry } from '../domain/scoring/entry';
import type { Db } from '../lib/db/prisma';

/** What the API says about a stored assessment, in decimals (the database holds hundredths). */

export const dec = (h: number | null | undefined): number | null => (h === null || h === undefined ? null : h / 100);

/** A stored entry (hundredths) in API units: points and ratios as decimals. */
export function entryView(entry: unknown): Record<string, number | boolean> | null {
  if (!entry || typeof entry !== 'object') return null;
  const e = entry as ScoreEntry;
  const out: Record<string, number | boolean> = {};
  for (const key of ['points', 'ratio', 'numerator', 'denominator'] as const) if (typeof e[key] === 'number') out[key] = e[key] / 100;
  if (typeof e.achieved === 'boolean') out.achieved = e.achieved;
  if (typeof e.occurrences === 'number') out.occurrences = e.occurrences;
  return out;
}

export const entrySchema = z
  .object({
    points: z.number().optional(),
    ratio: z.number().optional().meta({ description: 'Tỷ lệ (%)' }),
    numerator: z.number().optional(),
    denominator: z.number().optional(),
    achieved: z.boolean().optional(),
    occurrences: z.number().int().optional(),
  })
  .meta({ description: 'Số liệu đơn vị nhập cho tiêu chí, theo loại tiêu chí' });

/**
 * A validator for the whole sheet of one assessment: changes whenever any leaf row, the assessment
 * row or its evidence changes (row versions only grow, and every write moves updated_at), and, while
 * survey points are still live, whenever a survey form of the year is submitted or the satisfaction
 * results are imported again.
 */
export async function sheetEtag(db: Pick<Db, '$queryRaw'>, assessmentId: string): Promise<string> {
  const [row] = await db.$queryRaw<{ n: bigint; v: bigint; lu: Date | null; au: Date; e: bigint; eu: Date | null; sn: bigint; su: Date | null; si: Date | null }[]>`
    SELECT (SELECT count(*) FROM leaf_scores WHERE assessment_id = a.id) AS n,
           (SELECT coalesce(sum(version), 0) FROM leaf_scores WHERE assessment_id = a.id) AS v,
           (SELECT max(updated_at) FROM leaf_scores WHERE assessment_id = a.id) AS lu,
           a.updated_at AS au,
           (SELECT count(*) FROM evidence_files WHERE assessment_id = a.id) AS e,
           (SELECT max(created_at) FROM evidence_files WHERE assessment_id = a.id) AS eu,
           (SELECT count(*) FROM survey_respondents WHERE year = a.year AND submitted_at IS NOT NULL) AS sn,
           (SELECT max(submitted_at) FROM survey_respondents WHERE year = a.year) AS su,
           (SELECT max(imported_at) FROM satisfaction_imports WHERE year = a.year) AS si
      FROM assessments a WHERE a.id = ${assessmentId}::uuid`;
  const stamp = row
    ? [row.n, row.v, row.lu?.getTime() ?? 0, row.au.getTime(), row.e, row.eu?.getTime() ?? 0, row.sn, row.su?.getTime() ?? 0, row.si?.getTime() ?? 0].join('|')
    : 'none';
  return `W/"s-${createHash('sha256').update(`${assessmentId}|${stamp}`).digest('base64url').slice(0, 22)}"`;
}

/** Whether an If-None-Match header names this ETag (weak comparison, as RFC 9110 asks for GET). */
export function matchesNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const bare = (t: string) => t.trim().replace(/^W\//, '');
  return header.split(',').some((t) => bare(t) === bare(etag));
}

/**
 * Sets the sheet's validator on the response and answers 304 when the client already has this
 * version. Returns true when the 304 was sent and nothing more should be.
 */
export function sentNotModified(req: Request, res: Response, etag: string): boolean {
  res.setHeader('ETag', etag);
  res.setHeader('Cache-Control', 'private, no-cache');
  if (!matchesNoneMatch(req.header('If-None-Match'), etag)) return false;
  res.status(304).end();
  return true;
}

export const leafEtag = (version: number) => `"v${version}"`;
