import type { Request } from 'express';
import { HttpProblem } from '../problem';

export const tooLarge = (maxBytes: number) =>
  new HttpProblem(413, 'Dữ liệu quá lớn', `Nội dung gửi lên vượt quá giới hạn ${formatBytes(maxBytes)}.`, { code: 'PAYLOAD_TOO_LARGE', maxBytes });

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(n % (1024 * 1024) ? 1 : 0).replace('.', ',')} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} byte`;
}

/** Reads a whole non-JSON body (e.g. an uploaded workbook), refusing it past `maxBytes`. */
export async function readRawBody(req: Request, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    req.resume();
    throw tooLarge(maxBytes);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) {
      req.resume();
      throw tooLarge(maxBytes);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
