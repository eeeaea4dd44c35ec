import busboy from 'busboy';
import type { Request } from 'express';
import { badRequest, unprocessable, type ProblemField } from '../problem';
import type { EvidenceStore, Received } from '../../services/evidence/store';

export interface ReceivedFile {
  received: Received;
  /** As the client named it (UTF-8); checked before it is shown anywhere. */
  filename: string | undefined;
}

/**
 * Reads a multipart/form-data body holding exactly one file in the field "file" and nothing else,
 * streaming it into the evidence store's temporary area (never into memory whole).
 */
export function receiveSingleFile(req: Request, store: EvidenceStore, maxBytes: number): Promise<ReceivedFile> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, defParamCharset: 'utf8', preservePath: true, limits: { files: 1, fields: 0, parts: 2, fileSize: maxBytes, headerPairs: 20, fieldNameSize: 100 } });
    } catch {
      reject(badRequest('Nội dung multipart/form-data không hợp lệ (thiếu boundary?).'));
      return;
    }
    const problems: ProblemField[] = [];
    let file: Promise<ReceivedFile> | undefined;
    parser.on('file', (name, stream, info) => {
      if (name !== 'file' || file) {
        problems.push({ field: `body.${name}`, message: 'Chỉ nhận một tệp trong trường "file"' });
        stream.resume();
        return;
      }
      file = store.receive(stream, () => stream.truncated === true).then((received) => ({ received, filename: info.filename }));
      // Awaited on 'close'; this keeps an early failure from being reported as unhandled.
      file.catch(() => undefined);
    });
    parser.on('field', (name) => problems.push({ field: `body.${name}`, message: 'Trường không được phép; chỉ gửi tệp trong trường "file"' }));
    parser.on('fieldsLimit', () => problems.push({ field: 'body', message: 'Trường không được phép; chỉ gửi tệp trong trường "file"' }));
    parser.on('filesLimit', () => problems.push({ field: 'body.file', message: 'Mỗi lần chỉ tải lên một tệp' }));
    parser.on('partsLimit', () => problems.push({ field: 'body', message: 'Chỉ gửi một phần: tệp trong trường "file"' }));
    parser.on('error', () => {
      req.unpipe(parser);
      req.resume();
      const pending = file;
      void (pending ? pending.then((f) => store.discard(f.received), () => undefined) : Promise.resolve()).then(() =>
        reject(badRequest('Nội dung multipart/form-data không hợp lệ hoặc bị cắt ngang.')),
      );
    });
    parser.on('close', () => {
      const pending = file;
      if (!pending) {
        reject(unprocessable('Chưa có tệp nào được gửi (trường "file").', problems.length ? problems : [{ field: 'body.file', message: 'Bắt buộc' }]));
        return;
      }
      pending.then(
        async (f) => {
          if (problems.length) {
            await store.discard(f.received);
            reject(unprocessable('Nội dung tải lên có trường không được phép.', problems));
          } else {
            resolve(f);
          }
        },
        (error: unknown) => reject(error),
      );
    });
    req.pipe(parser);
  });
}
