import type { HttpClient, HttpResponse } from '../../support/system';
import { multipart } from './files';

export async function uploadEvidence(
  http: HttpClient,
  token: string,
  path: string,
  file: { name: string; data: Buffer; type?: string },
  headers: Record<string, string> = {},
): Promise<HttpResponse> {
  const { body, contentType } = multipart([{ name: 'file', filename: file.name, type: file.type ?? 'application/octet-stream', data: file.data }]);
  return http.request('POST', path, { token, raw: body, headers: { 'content-type': contentType, ...headers } });
}
