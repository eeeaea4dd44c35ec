import type { Request } from 'express';
import { z } from 'zod';
import { badRequest, HttpProblem, unprocessable, type ProblemField } from './problem';

/**
 * Every body, query and path parameter goes through a zod schema. Objects are strict: an unknown
 * field is refused by name rather than silently dropped. Routes declared in the registry
 * (api/openapi/registry.ts) get this done for them before their handler runs.
 */

function fields(error: z.ZodError, prefix: string): ProblemField[] {
  return error.issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    if (issue.code === 'unrecognized_keys') {
      return { field: [path, ...issue.keys].filter(Boolean).join('.'), message: `Trường không được phép: ${issue.keys.join(', ')}` };
    }
    return { field: path || prefix, message: issue.message };
  });
}

/** A JSON body is expected: anything else with content is refused as 415. */
export function parseBodyWith<S extends z.ZodType>(schema: S, req: Request): z.output<S> {
  // express.json() leaves the body unset when the request is not JSON.
  const hasContent = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  if (req.body === undefined && hasContent) {
    throw new HttpProblem(415, 'Định dạng không được hỗ trợ', 'Nội dung phải là JSON (Content-Type: application/json).', { code: 'UNSUPPORTED_MEDIA_TYPE' });
  }
  const parsed = schema.safeParse(req.body ?? {});
  if (!parsed.success) throw unprocessable('Một số trường không hợp lệ.', fields(parsed.error, 'body'));
  return parsed.data;
}

export function parseQueryWith<S extends z.ZodType>(schema: S, req: Request): z.output<S> {
  const parsed = schema.safeParse(req.query);
  if (!parsed.success) throw badRequest('Tham số truy vấn không hợp lệ.', fields(parsed.error, 'query'));
  return parsed.data;
}

export function parseParamsWith<S extends z.ZodType>(schema: S, req: Request): z.output<S> {
  const parsed = schema.safeParse(req.params);
  if (!parsed.success) throw badRequest('Tham số đường dẫn không hợp lệ.', fields(parsed.error, 'path'));
  return parsed.data;
}

/** For routes that read the body themselves (uploads): the media type must be one of these. */
export function requireMediaType(req: Request, types: readonly string[]): void {
  if (!req.is(types as string[])) {
    throw new HttpProblem(415, 'Định dạng không được hỗ trợ', `Nội dung phải có Content-Type là ${types.join(' hoặc ')}.`, { code: 'UNSUPPORTED_MEDIA_TYPE' });
  }
}

// The names the first routes were written with.
export const parseBody = parseBodyWith;
export const parseQuery = parseQueryWith;
export const parseParams = parseParamsWith;

// ------------------------------------------------------------------------------------- common pieces

/** A whole number written in decimal digits only (no signs, exponents or hex), within bounds. */
export function intString(min: number, max: number, message: string) {
  return z
    .string({ error: message })
    .regex(/^\d{1,9}$/, message)
    .transform(Number)
    .pipe(z.number().int().min(min, message).max(max, message));
}

export const yearParam = intString(2000, 2100, 'Năm phải là số nguyên từ 2000 đến 2100').meta({ description: 'Năm được đánh giá', example: '2023' });
/** A year inside a JSON body (a number there, not text). */
export const yearValue = z.number({ error: 'Năm phải là số' }).int('Năm phải là số nguyên').min(2000, 'Năm không hợp lệ').max(2100, 'Năm không hợp lệ');
export const codeParam = z
  .string()
  .regex(/^[A-Z0-9_]{1,40}$/, 'Mã chỉ gồm chữ in hoa, số và dấu gạch dưới (tối đa 40 ký tự)')
  .meta({ example: 'SNV' });
export const leafCodeParam = z
  .string()
  .regex(/^\d{1,2}(\.\d{1,2}){0,3}$/, 'Mã tiêu chí có dạng 1, 1.2 hoặc 1.2.3')
  .meta({ example: '1.1.1' });
export const fieldCodeParam = z.string().regex(/^\d{1,2}$/, 'Mã lĩnh vực là số (1–99)').meta({ example: '1' });
export const usernameParam = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{2,59}$/, 'Tên đăng nhập gồm 3–60 ký tự chữ thường, số, dấu chấm, gạch ngang hoặc gạch dưới')
  .meta({ example: 'snv.canbo' });
export const uuidParam = z.uuid('Mã định danh không hợp lệ');

/** Points as a number with at most two decimals, converted to integer hundredths. */
export const points = z
  .number({ error: 'Điểm phải là số' })
  .min(0, 'Điểm không được âm')
  .max(1000, 'Điểm quá lớn')
  .refine((n) => Math.abs(Math.round(n * 100) - n * 100) < 1e-6, 'Điểm chỉ có tối đa 2 chữ số thập phân')
  .transform((n) => Math.round(n * 100));

/** A non-negative decimal (at most two decimals) converted to hundredths; `max` in the caller's unit. */
export function hundredths(label: string, max: number) {
  return z
    .number({ error: `${label} phải là số` })
    .min(0, `${label} không được âm`)
    .max(max, `${label} không được vượt quá ${max}`)
    .refine((n) => Math.abs(Math.round(n * 100) - n * 100) < 1e-6, `${label} chỉ có tối đa 2 chữ số thập phân`)
    .transform((n) => Math.round(n * 100));
}

export const text = (max: number) => z.string().trim().min(1, 'Không được để trống').max(max, `Tối đa ${max} ký tự`);
/** Free text people type: no control characters other than line breaks and tabs. */
export const prose = (max: number) =>
  text(max).refine((s) => ![...s].some((c) => (c < ' ' && c !== '\n' && c !== '\r' && c !== '\t') || c === '\u007f'), 'Không được chứa ký tự điều khiển');

export const emptyBody = z.strictObject({});

// ------------------------------------------------------------------------------- pagination, sorting

export const pageQuery = {
  page: intString(1, 100000, 'Trang phải là số nguyên từ 1').optional().meta({ description: 'Trang (từ 1)', example: '1' }),
  pageSize: intString(1, 500, 'Số dòng mỗi trang từ 1 đến 500').optional().meta({ description: 'Số dòng mỗi trang (1–500)', example: '50' }),
};

/** `sort=name` or `sort=-name` (descending) over the listed keys. */
export function sortQuery<K extends string>(keys: readonly [K, ...K[]]) {
  const values = keys.flatMap((k) => [k, `-${k}`]) as [string, ...string[]];
  return z
    .enum(values, { error: `Sắp xếp theo một trong: ${keys.join(', ')} (thêm dấu - để giảm dần)` })
    .transform((v) => ({ key: v.replace(/^-/, '') as K, dir: v.startsWith('-') ? ('desc' as const) : ('asc' as const) }))
    .optional();
}

export const booleanQuery = z.enum(['true', 'false'], { error: 'Chỉ nhận true hoặc false' }).transform((v) => v === 'true');

export interface Page {
  page: number;
  pageSize: number;
  skip: number;
  take: number;
}

export function pageOf(q: { page?: number; pageSize?: number }, defaultSize = 50): Page {
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? defaultSize;
  return { page, pageSize, skip: (page - 1) * pageSize, take: pageSize };
}

/** The paging block every list returns beside its items. */
export const pagingSchema = z.object({ page: z.number().int(), pageSize: z.number().int(), total: z.number().int() });
export const paging = (p: Page, total: number) => ({ page: p.page, pageSize: p.pageSize, total });
