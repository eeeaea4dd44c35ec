import type { Cell, CellValue } from 'exceljs';
import { cellText } from './criteria';

export { cellText };

/** Reading typed values out of spreadsheet cells filled in by people. */

function numeric(value: CellValue): number | undefined {
  if (typeof value === 'number') return value;
  if (value !== null && typeof value === 'object' && ('formula' in value || 'sharedFormula' in value)) return numeric((value as { result?: CellValue }).result ?? null);
  return undefined;
}

/** A whole number ≥ 0 from a cell, or undefined. */
export function cellInteger(cell: Cell): number | undefined {
  const n = numeric(cell.value);
  if (n !== undefined) return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
  const text = cellText(cell.value).replace(/[.\s]/g, '');
  return /^\d{1,9}$/.test(text) ? Number(text) : undefined;
}

/**
 * A percentage in hundredths (85,30% → 8530) from a cell: a number (85.3, or 0.853 in a cell formatted
 * as a percentage) or a text with at most two decimals ("85,3", "85,30%"). A number stored as a binary
 * fraction is accepted within 1e-6 of a hundredth.
 */
export function cellPercentHundredths(cell: Cell): number | undefined {
  let n = numeric(cell.value);
  if (n !== undefined && (cell.numFmt ?? '').includes('%')) n *= 100;
  if (n === undefined) {
    const text = cellText(cell.value).replace(/%$/, '').trim().replace(',', '.');
    if (!/^\d{1,3}(\.\d{1,2})?$/.test(text)) return undefined;
    n = Number(text);
  }
  const h = Math.round(n * 100);
  return Number.isFinite(n) && Math.abs(n * 100 - h) < 1e-6 ? h : undefined;
}

export function toArrayBuffer(data: Buffer | ArrayBuffer | Uint8Array): ArrayBuffer {
  if (data instanceof ArrayBuffer) return data;
  return data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer;
}

/** "Dòng 12, cột D: …" */
export function at(row: number, column: string, message: string): string {
  return `Dòng ${row}, cột ${column}: ${message}`;
}
