import type { SurveyErrorField } from './errors';

/** One result as read from a file or JSON, with how to name where it came from in an error. */
export interface SatisfactionRowInput {
  unitCode: string;
  indicator: string;
  /** Hundredths of a percent, 0–10000. */
  satisfactionPct: number;
  sampleSize: number;
  /** How messages name the row: "dòng 12" (workbook) or "mục 3" (JSON). */
  label: string;
  /** Locates a problem: the JSON field, or the workbook's row and column, and the message's prefix. */
  where: (column: 'unitCode' | 'indicator' | 'satisfactionPct' | 'sampleSize') => Omit<SurveyErrorField, 'message'> & { prefix: string };
}

/** Rows of a JSON body: problems are named by field (body.rows[2].indicator) and item (mục 3). */
export function jsonRows(rows: Omit<SatisfactionRowInput, 'label' | 'where'>[]): SatisfactionRowInput[] {
  return rows.map((r, i) => ({ ...r, label: `mục ${i + 1}`, where: (column) => ({ field: `body.rows[${i}].${column}`, prefix: `Mục ${i + 1}: ` }) }));
}
