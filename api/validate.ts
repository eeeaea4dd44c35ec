import type { Request } from 'express';
import { z } from 'zod';
import { badRequest, HttpProblem, unprocessable, type ProblemField } from './problem';

/**
 * Every body, query and path parameter goes through a zod schema. Objects are strict: an unknown
 * field is refused by name rather than silently dropped.
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

export function parseBody<S extends z.ZodType>(schema: S, req: Request): z.infer<S> {
  // express.json() leaves the body unset when the request is not JSON.
  const hasContent = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  if (req.body === undefined && hasContent) {
    throw new HttpProblem(415, 'Định dạng không được hỗ trợ', 'Nội dung phải là JSON (Content-Type: application/json).', { code: 'UNSUPPORTED_MEDIA_TYPE' });
  }
  const parsed = schema.safeParse(req.body ?? {});
  if (!parsed.success) throw unprocessable('Một số trường không hợp lệ.', fields(parsed.error, 'body'));
  return parsed.data;
}

export function parseQuery<S extends z.ZodType>(schema: S, req: Request): z.infer<S> {
  const parsed = schema.safeParse(req.query);
  if (!parsed.success) throw badRequest('Tham số truy vấn không hợp lệ.', fields(parsed.error, 'query'));
  return parsed.data;
}

export function parseParams<S extends z.ZodType>(schema: S, req: Request): z.infer<S> {
  const parsed = schema.safeParse(req.params);
  if (!parsed.success) throw badRequest('Tham số đường dẫn không hợp lệ.', fields(parsed.error, 'path'));
  return parsed.data;
}

/** Common pieces. */
export const yearParam = z.coerce.number({ error: 'Năm phải là số' }).int('Năm phải là số nguyên').min(2000, 'Năm không hợp lệ').max(2100, 'Năm không hợp lệ');
export const codeParam = z.string().regex(/^[A-Z0-9_]{1,40}$/, 'Mã chỉ gồm chữ in hoa, số và dấu gạch dưới (tối đa 40 ký tự)');
export const leafCodeParam = z.string().regex(/^\d{1,2}(\.\d{1,2}){0,3}$/, 'Mã tiêu chí có dạng 1, 1.2 hoặc 1.2.3');
/** Points as a number with at most two decimals, converted to integer hundredths. */
export const points = z
  .number({ error: 'Điểm phải là số' })
  .min(0, 'Điểm không được âm')
  .max(1000, 'Điểm quá lớn')
  .refine((n) => Math.abs(Math.round(n * 100) - n * 100) < 1e-6, 'Điểm chỉ có tối đa 2 chữ số thập phân')
  .transform((n) => Math.round(n * 100));
export const text = (max: number) => z.string().trim().min(1, 'Không được để trống').max(max, `Tối đa ${max} ký tự`);
