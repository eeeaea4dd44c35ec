import path from 'node:path';
import { z } from 'zod';
import { ApiRouter } from '../openapi/registry';
import type { OpenApiDocument } from '../openapi/document';

const DOCS_DIR = path.resolve(__dirname, '../docs');
/** The docs page runs only its own script and style; nothing inline, nothing from elsewhere. */
const DOCS_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

/** The OpenAPI document and a page to browse it, served from here (no network needed). */
export function docsRoutes(document: () => OpenApiDocument): ApiRouter {
  const r = new ApiRouter('Tài liệu API');

  r.route(
    {
      method: 'get',
      path: '/openapi.json',
      summary: 'Tài liệu OpenAPI 3.1 của API',
      access: { public: true },
      responses: { 200: { description: 'Tài liệu OpenAPI', schema: z.object({ openapi: z.string(), paths: z.record(z.string(), z.unknown()) }) } },
    },
    ({ res }) => {
      res.setHeader('Cache-Control', 'no-cache');
      return document();
    },
  );

  const file = (route: string, name: string, type: string, summary: string) =>
    r.route(
      {
        method: 'get',
        path: route,
        summary,
        access: { public: true },
        responses: { 200: { description: summary, contentType: type } },
      },
      async ({ res }) => {
        res.setHeader('Content-Security-Policy', DOCS_CSP);
        res.setHeader('Cache-Control', 'no-cache');
        res.type(type);
        await new Promise<void>((resolve, reject) => res.sendFile(name, { root: DOCS_DIR }, (error) => (error ? reject(error) : resolve())));
      },
    );
  file('/docs', 'index.html', 'text/html', 'Trang xem tài liệu API');
  file('/docs/docs.js', 'docs.js', 'text/javascript', 'Mã của trang tài liệu');
  file('/docs/docs.css', 'docs.css', 'text/css', 'Kiểu trình bày của trang tài liệu');
  return r;
}
