import type { ErrorRequestHandler, RequestHandler } from 'express';
import { Prisma } from '../lib/db/prisma';
import type { Logger } from '../lib/logger';
import { refusals } from '../lib/metrics';

/**
 * Errors as RFC 9457 problem documents (application/problem+json) with a Vietnamese title and detail
 * a person can act on, the failing field where there is one, and never a stack trace or SQL.
 */
export interface ProblemField {
  field: string;
  message: string;
}

export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    readonly extra: { code?: string; errors?: ProblemField[]; [key: string]: unknown } = {},
  ) {
    super(detail ?? title);
    this.name = 'HttpProblem';
  }
}

export const badRequest = (detail: string, errors?: ProblemField[]) =>
  new HttpProblem(400, 'Yêu cầu không hợp lệ', detail, { code: 'BAD_REQUEST', errors });
export const unprocessable = (detail: string, errors?: ProblemField[], code = 'VALIDATION_FAILED') =>
  new HttpProblem(422, 'Dữ liệu không hợp lệ', detail, { code, errors });
export const unauthorized = (detail = 'Vui lòng đăng nhập.') => new HttpProblem(401, 'Chưa đăng nhập', detail, { code: 'UNAUTHENTICATED' });
export const forbidden = (detail = 'Tài khoản của bạn không có quyền thực hiện thao tác này.') =>
  new HttpProblem(403, 'Không có quyền', detail, { code: 'FORBIDDEN' });
export const notFound = (detail = 'Không tìm thấy tài nguyên được yêu cầu.') => new HttpProblem(404, 'Không tìm thấy', detail, { code: 'NOT_FOUND' });
export const conflict = (detail: string, code = 'CONFLICT') => new HttpProblem(409, 'Xung đột trạng thái', detail, { code });

export function sendProblem(res: Parameters<RequestHandler>[1], problem: HttpProblem, instance?: string): void {
  if (problem.status < 500) refusals.inc({ code: problem.extra.code ?? 'NONE', status: String(problem.status) });
  res
    .status(problem.status)
    .type('application/problem+json')
    .json({ type: 'about:blank', title: problem.title, status: problem.status, detail: problem.detail, instance, ...problem.extra });
}

export const notFoundHandler: RequestHandler = (req, res) => {
  sendProblem(res, notFound(`Không có đường dẫn ${req.method} ${req.path}.`), req.originalUrl);
};

/** Known problems pass through; body-parser errors become 400/413; anything else is a logged 500. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) return next(error);
    if (error instanceof HttpProblem) return sendProblem(res, error, req.originalUrl);
    const type = (error as { type?: string }).type;
    if (type === 'entity.too.large') {
      return sendProblem(res, new HttpProblem(413, 'Dữ liệu quá lớn', 'Nội dung gửi lên vượt quá giới hạn cho phép.', { code: 'PAYLOAD_TOO_LARGE' }), req.originalUrl);
    }
    if (type === 'entity.parse.failed' || type === 'encoding.unsupported' || type === 'charset.unsupported') {
      return sendProblem(res, badRequest('Nội dung gửi lên không phải JSON hợp lệ (UTF-8).'), req.originalUrl);
    }
    // A race the handler did not foresee still answers in words, never with the SQL behind it.
    if (error instanceof Prisma.PrismaClientKnownRequestError) {
      if (error.code === 'P2002') return sendProblem(res, conflict('Dữ liệu này đã tồn tại (trùng mã hoặc trùng tên).', 'DUPLICATE'), req.originalUrl);
      if (error.code === 'P2025') return sendProblem(res, notFound('Dữ liệu cần thay đổi không còn tồn tại.'), req.originalUrl);
      if (error.code === 'P2003') return sendProblem(res, conflict('Dữ liệu đang được nơi khác tham chiếu.', 'IN_USE'), req.originalUrl);
    }
    logger.error({ err: error, method: req.method, path: req.path }, 'unhandled error');
    return sendProblem(res, new HttpProblem(500, 'Lỗi hệ thống', 'Đã có lỗi ngoài dự kiến; thao tác chưa được thực hiện. Vui lòng thử lại sau.', { code: 'INTERNAL' }), req.originalUrl);
  };
}
