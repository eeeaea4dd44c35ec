import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import express from 'express';
import { z } from 'zod';
import { responseChecker } from '../../api/openapi/check-responses';
import { buildOpenApiDocument } from '../../api/openapi/document';
import { ApiRouter, type RegisteredRoute } from '../../api/openapi/registry';
import { errorHandler, HttpProblem } from '../../api/problem';
import type { Db } from '../../lib/db/prisma';
import { createLogger } from '../../lib/logger';
import { httpClient, type HttpClient } from '../support/system';

/**
 * The registry's own rules, on a small app of declared routes: declarations that disagree with their
 * path are refused at start, a route's own credential is checked before its input, the first 2xx is
 * the default status, and a response that drifts from its schema is caught.
 */
describe('route registry', () => {
  let server: Server;
  let http: HttpClient;
  let routes: RegisteredRoute[];

  beforeAll(async () => {
    const r = new ApiRouter('Thử');
    r.route(
      {
        method: 'post',
        path: '/things/:code',
        summary: 'Tạo một thứ',
        access: { public: true, credential: { header: 'X-Thu', description: 'Mã thử', check: async (req) => {
          if (req.header('X-Thu') !== 'dung') throw new HttpProblem(401, 'Chưa xác thực', 'Thiếu mã thử.', { code: 'NO_TOKEN' });
        } } },
        params: z.strictObject({ code: z.string().regex(/^[A-Z]+$/) }),
        body: z.strictObject({ name: z.string() }),
        responses: { 201: { description: 'Đã tạo', schema: z.object({ code: z.string(), name: z.string() }) } },
      },
      ({ params, body }) => ({ code: params.code, name: body.name }),
    );
    r.route(
      { method: 'delete', path: '/things/:code', summary: 'Xóa', access: { public: true }, params: z.strictObject({ code: z.string() }), responses: { 204: { description: 'Đã xóa' } } },
      () => undefined,
    );
    r.route(
      { method: 'get', path: '/drift', summary: 'Trả sai kiểu', access: { public: true }, responses: { 200: { description: 'Số', schema: z.object({ n: z.number() }) } } },
      () => ({ n: 'không phải số' }),
    );
    const built = r.build('/v', {} as Db, { checkResponse: responseChecker });
    routes = built.routes;
    const app = express();
    app.use(express.json());
    app.use('/v', built.router);
    app.use(errorHandler(createLogger('silent')));
    server = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    http = httpClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('refuses a declaration whose schema does not name the path parameters', () => {
    const r = new ApiRouter('Thử');
    expect(() => r.route({ method: 'get', path: '/a/:year', summary: 'x', access: { public: true }, responses: { 200: { description: 'x' } } }, () => undefined)).toThrow(/year/);
    expect(() => r.route({ method: 'get', path: '/a', summary: 'x', access: { public: true }, responses: { 404: { description: 'x' } } }, () => undefined)).toThrow(/2xx/);
  });

  it('checks a route’s own credential before reading its input', async () => {
    expect((await http.request('POST', '/v/things/ABC', { body: { sai: 1 } })).status).toBe(401);
    expect((await http.request('POST', '/v/things/ABC', { body: { sai: 1 }, headers: { 'X-Thu': 'dung' } })).status).toBe(422);
    const ok = await http.request('POST', '/v/things/ABC', { body: { name: 'Thứ nhất' }, headers: { 'X-Thu': 'dung' } });
    expect(ok.status).toBe(201);
    expect(ok.body).toEqual({ code: 'ABC', name: 'Thứ nhất' });
    expect((await http.request('DELETE', '/v/things/ABC')).status).toBe(204);
  });

  it('catches a response that drifts from its declared schema', async () => {
    const res = await http.request('GET', '/v/drift');
    expect(res.status).toBe(500);
    expect(res.body.code).toBe('RESPONSE_SCHEMA_MISMATCH');
  });

  it('writes the credential into the document', () => {
    const doc = buildOpenApiDocument(routes, 'thu');
    const op = doc.paths['/v/things/{code}']!.post!;
    expect(op['x-access']).toEqual({ public: true, roles: [], scope: [], credential: 'X-Thu' });
    expect(op.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'X-Thu', in: 'header', required: true })]));
    expect(Object.keys(op.responses as object)).toEqual(expect.arrayContaining(['201', '401', '422']));
  });
});
