import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApiSystem, type ApiSystem } from './support/api-system';
import { fillPath, mountedRoutes, operationsOf, type Operation } from './support/routes';

/**
 * The OpenAPI document against the running app, route by route: every documented operation is
 * mounted and answers as a route (not the catch-all 404), every mounted API route is documented, and
 * the document itself is well formed (ids, parameters, responses, access rules, references).
 */
describe('OpenAPI document', () => {
  let api: ApiSystem;
  let doc: any;
  let operations: Operation[];

  beforeAll(async () => {
    api = await startApiSystem();
    const res = await api.http.request('GET', '/api/v1/openapi.json');
    expect(res.status).toBe(200);
    doc = res.body;
    operations = operationsOf(doc);
  });
  afterAll(async () => {
    await api?.close();
  });

  it('is OpenAPI 3.1 with a Vietnamese summary, a unique id, an access rule and a success response for every operation', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(operations.length).toBeGreaterThan(40);
    const ids = operations.map((o) => o.op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { method, path, op } of operations) {
      const where = `${method} ${path}`;
      expect({ where, summary: op.summary.trim().length > 3 }).toEqual({ where, summary: true });
      expect({ where, access: typeof op['x-access']?.public }).toEqual({ where, access: 'boolean' });
      if (!op['x-access'].public) expect({ where, roles: op['x-access'].roles.length > 0 }).toEqual({ where, roles: true });
      expect({ where, success: Object.keys(op.responses).some((s) => s.startsWith('2')) }).toEqual({ where, success: true });
      // Path parameters in the template and in `parameters` are the same set.
      const inTemplate = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort();
      const declared = op.parameters.filter((p) => p.in === 'path').map((p) => p.name).sort();
      expect({ where, declared }).toEqual({ where, declared: inTemplate });
      // Error responses are problem documents of the shared schema (or a declared JSON body, as /readyz's 503).
      for (const [status, r] of Object.entries(op.responses)) {
        if (Number(status) < 400) continue;
        const problem = (r.content?.['application/problem+json'] as any)?.schema?.$ref;
        expect({ where, status, body: problem ?? (r.content?.['application/json'] ? 'json' : undefined) }).toEqual({ where, status, body: problem ? '#/components/schemas/Problem' : 'json' });
      }
    }
    expect(doc.components.schemas.Problem.properties.title).toBeDefined();
    expect(doc.components.securitySchemes.bearer).toEqual(expect.objectContaining({ type: 'http', scheme: 'bearer' }));
  });

  it('documents every mounted API route and nothing that is not mounted', () => {
    const documented = operations.map((o) => `${o.method} ${o.path.replace(/\{([^}]+)\}/g, ':$1')}`).sort();
    const mounted = mountedRoutes(api.app).filter((r) => r.split(' ')[1]!.startsWith('/api/') || documented.includes(r));
    const undocumented = mounted.filter((r) => !documented.includes(r));
    const notMounted = documented.filter((r) => !mounted.includes(r));
    expect({ undocumented, notMounted }).toEqual({ undocumented: [], notMounted: [] });
  });

  it('answers every documented operation as a route of its own (never the catch-all 404)', async () => {
    const values: Record<string, string> = { year: '2023', unitCode: 'SNV', leafCode: '1.1.1', fieldCode: '1', groupCode: 'SO_NGANH', username: 'khongco', evidenceId: '00000000-0000-4000-8000-000000000000' };
    for (const { method, path, op } of operations) {
      for (const p of op.parameters.filter((x) => x.in === 'path')) values[p.name] ??= String(p.example ?? 'X');
      const res = await api.http.request(method, fillPath(path, values));
      const catchAll = res.status === 404 && typeof res.body?.detail === 'string' && res.body.detail.startsWith('Không có đường dẫn');
      expect({ route: `${method} ${path}`, catchAll, serverError: res.status >= 500 }).toEqual({ route: `${method} ${path}`, catchAll: false, serverError: false });
    }
  });

  it('answers an unknown path with a Vietnamese problem document', async () => {
    const res = await api.http.request('GET', '/api/v1/khong-co-duong-dan-nay');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 404, title: 'Không tìm thấy', code: 'NOT_FOUND' });
  });

  it('serves a browsable page for the document, from this server only', async () => {
    const page = await api.http.request('GET', '/api/v1/docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.body).toContain('Tài liệu API');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const script = await api.http.request('GET', '/api/v1/docs/docs.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect(script.body).toContain('openapi.json');
    expect((await api.http.request('GET', '/api/v1/docs/docs.css')).status).toBe(200);
  });

  it('describes request bodies and parameters from the schemas that validate them', () => {
    const find = (method: string, path: string) => operations.find((o) => o.method === method && o.path === path)!.op;
    const draft = find('PUT', '/api/v1/years/{year}/units/{unitCode}/leaves/{leafCode}');
    const body = (draft.requestBody!.content['application/json'] as any).schema;
    expect(body.additionalProperties).toBe(false);
    expect(Object.keys(body.properties)).toEqual(expect.arrayContaining(['entry', 'selfScore', 'note', 'notApplicable']));
    expect(draft.parameters.map((p) => p.name)).toEqual(expect.arrayContaining(['year', 'unitCode', 'leafCode', 'If-Match', 'Idempotency-Key']));
    expect(draft['x-access']).toEqual({ public: false, roles: ['unit_officer', 'unit_head'], scope: ['unit'] });
    const board = find('GET', '/api/v1/years/{year}/status');
    expect(board.parameters.filter((p) => p.in === 'query').map((p) => p.name)).toEqual(expect.arrayContaining(['group', 'phase', 'overdue', 'page', 'pageSize', 'sort']));
    const upload = find('POST', '/api/v1/years/{year}/units/{unitCode}/leaves/{leafCode}/evidence');
    expect(Object.keys(upload.requestBody!.content)).toEqual(['multipart/form-data']);
  });
});
