import { isHundredths, type Hundredths } from '../decimal';
import { nodeLabel } from './labels';
import type { IssueCode, ValidationIssue } from './types';

/**
 * A small typed reader over untrusted JSON that records every problem instead of stopping at the
 * first, so a bad set is refused with all its issues at once.
 */
export class Reader {
  readonly issues: ValidationIssue[] = [];

  add(code: IssueCode, where: Where, message: string): void {
    this.issues.push({
      code,
      message: `${subject(where)}: ${message}`,
      ...(where.nodeCode !== undefined ? { nodeCode: where.nodeCode } : {}),
      ...(where.field !== undefined ? { field: where.field } : {}),
      path: where.path,
    });
  }

  object(value: unknown, where: Where): Record<string, unknown> | undefined {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
    this.add('INVALID_VALUE', where, 'phải là một đối tượng JSON.');
    return undefined;
  }

  /** Records each key of `obj` that is not in `allowed`. */
  onlyKeys(obj: Record<string, unknown>, allowed: readonly string[], where: Where): void {
    for (const key of Object.keys(obj)) {
      if (!allowed.includes(key)) this.add('UNKNOWN_PROPERTY', at(where, key), `thuộc tính “${key}” không được hỗ trợ ở đây.`);
    }
  }

  /** A trimmed, NFC-normalised string; `required` ones must be non-empty. */
  string(obj: Record<string, unknown>, key: string, where: Where, opts: { required: boolean; singleLine?: boolean }): string | undefined {
    const w = at(where, key);
    const value = obj[key];
    if (value === undefined || value === null) {
      if (opts.required) this.add('MISSING_VALUE', w, `thiếu “${key}”.`);
      return undefined;
    }
    if (typeof value !== 'string') {
      this.add('INVALID_VALUE', w, `“${key}” phải là chuỗi ký tự.`);
      return undefined;
    }
    const text = normalizeText(value);
    if (hasControlCharacter(text)) {
      this.add('INVALID_VALUE', w, `“${key}” chứa ký tự điều khiển không hợp lệ.`);
      return undefined;
    }
    if (opts.required && text === '') {
      this.add('MISSING_VALUE', w, `“${key}” không được để trống.`);
      return undefined;
    }
    if (opts.singleLine && /[\r\n]/.test(text)) {
      this.add('INVALID_VALUE', w, `“${key}” phải nằm trên một dòng.`);
      return undefined;
    }
    return text;
  }

  /** An integer number of hundredths. */
  hundredths(obj: Record<string, unknown>, key: string, where: Where, required: boolean): Hundredths | undefined {
    const w = at(where, key);
    const value = obj[key];
    if (value === undefined || value === null) {
      if (required) this.add('MISSING_VALUE', w, `thiếu “${key}”.`);
      return undefined;
    }
    if (!isHundredths(value)) {
      this.add('INVALID_NUMBER', w, `“${key}” phải là số nguyên tính theo phần trăm điểm (150 = 1,50), nhận được ${JSON.stringify(value)}.`);
      return undefined;
    }
    return value;
  }

  oneOf<T extends string>(obj: Record<string, unknown>, key: string, allowed: readonly T[], where: Where, required: boolean): T | undefined {
    const w = at(where, key);
    const value = obj[key];
    if (value === undefined || value === null) {
      if (required) this.add('MISSING_VALUE', w, `thiếu “${key}”.`);
      return undefined;
    }
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
    this.add('INVALID_VALUE', w, `“${key}” phải là một trong: ${allowed.join(', ')}; nhận được ${JSON.stringify(value)}.`);
    return undefined;
  }

  array(obj: Record<string, unknown>, key: string, where: Where, required: boolean): unknown[] | undefined {
    const value = obj[key];
    if (value === undefined || value === null) {
      if (required) this.add('MISSING_VALUE', at(where, key), `thiếu “${key}”.`);
      return undefined;
    }
    if (!Array.isArray(value)) {
      this.add('INVALID_VALUE', at(where, key), `“${key}” phải là một mảng.`);
      return undefined;
    }
    return value;
  }
}

/** Where a value sits: its JSON path, and the node and property it belongs to when known. */
export interface Where {
  readonly path: string;
  readonly nodeCode?: string;
  readonly field?: string;
}

export function at(where: Where, key: string): Where {
  return { ...where, path: where.path === '' ? key : `${where.path}.${key}`, field: where.field ?? key };
}

function subject(where: Where): string {
  if (where.nodeCode !== undefined) return nodeLabel(where.nodeCode);
  return where.path.startsWith('nodes') ? `Nút ${where.path.replace(/\.[^.[\]]+$/, '')}` : 'Bộ tiêu chí';
}

/** Control characters other than tab and line feed cannot be stored in an .xlsx cell and have no place in a title. */
function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a) || c === 0x7f) return true;
  }
  return false;
}

/**
 * Trim, NFC-normalise and use "\n" line ends in user text, so the same title typed on two keyboards (or
 * saved by two programs) compares equal.
 */
export function normalizeText(text: string): string {
  return text.normalize('NFC').replace(/\r\n?/g, '\n').trim();
}
