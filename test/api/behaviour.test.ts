import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApiSystem, type ApiSystem } from './support/api-system';
import { loginAll, OWN_UNIT, seedScenario, startScenarioYear, YEAR } from './support/scenario';

/**
 * What every route shares: Idempotency-Key replays, problem documents without internals, body limits
 * and media types, strict query strings, security headers and CORS closed by default.
 */
const unit = `/api/v1/years/${YEAR}/units/${OWN_UNIT}`;

describe('shared API behaviour', () => {
  let api: ApiSystem;
  let tokens: Record<string, string>;

  beforeAll(async () => {
    api = await startApiSystem();
    await seedScenario(api.sys.database.db);
    tokens = await loginAll(api.http);
    await startScenarioYear(api.sys.database.db, api.http, tokens.sonoivu!);
  });
  afterAll(async () => {
    await api?.close();
  });

  describe('Idempotency-Key', () => {
    it('replays the first result of a retried call, which acted once', async () => {
      const send = (body: unknown, key: string, who = 'snv.canbo') =>
        api.http.request('PUT', `${unit}/leaves/1.1.1`, { token: tokens[who], body, headers: { 'Idempotency-Key': key } });
      const first = await send({ selfScore: 3, note: 'Lần gửi đầu' }, 'luu-nhap-1.1.1-a');
      const retry = await send({ selfScore: 3, note: 'Lần gửi đầu' }, 'luu-nhap-1.1.1-a');
      expect(first.status).toBe(200);
      expect(retry.status).toBe(200);
      expect(retry.body).toEqual(first.body);
      expect(retry.headers.get('etag')).toBe(first.headers.get('etag'));
      expect(retry.headers.get('idempotency-replayed')).toBe('true');
      const db = api.sys.database.db;
      const row = await db.leafScore.findFirstOrThrow({ where: { leafCode: '1.1.1', assessment: { unit: { code: OWN_UNIT } } } });
      expect(row.version).toBe(1);
      expect(await db.auditEntry.count({ where: { action: 'self.draft', target: '1.1.1' } })).toBe(1);

      const reused = await send({ selfScore: 1.5 }, 'luu-nhap-1.1.1-a');
      expect(reused.status).toBe(422);
      expect(reused.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', errors: [{ field: 'header.Idempotency-Key' }] });
      // The same key is another user's own.
      expect((await send({ selfScore: 1.5 }, 'luu-nhap-1.1.1-a', 'snv.thutruong')).status).toBe(200);
      expect((await send({ selfScore: 1.5 }, 'ngan')).status).toBe(400);
      expect((await send({ selfScore: 1.5 }, 'khoa co khoang trang')).status).toBe(400);
      expect((await send({ selfScore: 1.5 }, "k'; DROP TABLE idempotency_keys; --")).status).toBe(400);
    });

    it('does not keep failures: the corrected request may reuse the key', async () => {
      const key = 'tao-nhom-xa-0001';
      const bad = await api.http.request('POST', '/api/v1/unit-groups', { token: tokens.sonoivu, body: { code: 'xa', name: 'Sai mã' }, headers: { 'Idempotency-Key': key } });
      expect(bad.status).toBe(422);
      const good = await api.http.request('POST', '/api/v1/unit-groups', { token: tokens.sonoivu, body: { code: 'XA', name: 'UBND cấp xã' }, headers: { 'Idempotency-Key': key } });
      expect(good.status).toBe(201);
    });

    it('acts once when the same call arrives many times at once', async () => {
      const key = 'tao-don-vi-song-song-01';
      const body = { code: 'XA_LANG_QUAN', name: 'UBND xã Lăng Quán', groupCode: 'XA' };
      const results = await Promise.all(
        Array.from({ length: 6 }, () => api.http.request('POST', '/api/v1/units', { token: tokens.sonoivu, body, headers: { 'Idempotency-Key': key } })),
      );
      const statuses = results.map((r) => r.status).sort();
      expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
      for (const r of results.filter((x) => x.status === 409)) expect(r.body.code).toBe('IDEMPOTENCY_IN_PROGRESS');
      expect(await api.sys.database.db.unit.count({ where: { code: 'XA_LANG_QUAN' } })).toBe(1);
      expect(await api.sys.database.db.auditEntry.count({ where: { action: 'unit.create', target: 'XA_LANG_QUAN' } })).toBe(1);
      const later = await api.http.request('POST', '/api/v1/units', { token: tokens.sonoivu, body, headers: { 'Idempotency-Key': key } });
      expect(later.status).toBe(201);
      expect(later.headers.get('location')).toBe('/api/v1/units/XA_LANG_QUAN');
      expect(later.headers.get('idempotency-replayed')).toBe('true');
    });
  });

  describe('errors', () => {
    it('answers malformed, oversized and non-JSON bodies and unknown query fields in Vietnamese', async () => {
      const malformed = await api.http.request('PUT', `${unit}/leaves/1.1.2`, { token: tokens['snv.canbo'], raw: '{"selfScore": 1,', headers: { 'content-type': 'application/json' } });
      expect(malformed.status).toBe(400);
      expect(malformed.body).toMatchObject({ title: 'Yêu cầu không hợp lệ', detail: 'Nội dung gửi lên không phải JSON hợp lệ (UTF-8).' });
      const huge = await api.http.request('PUT', `${unit}/leaves/1.1.2`, { token: tokens['snv.canbo'], body: { note: 'ư'.repeat(600_000) } });
      expect(huge.status).toBe(413);
      expect(huge.body).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', title: 'Dữ liệu quá lớn' });
      const text = await api.http.request('PUT', `${unit}/leaves/1.1.2`, { token: tokens['snv.canbo'], raw: 'selfScore=1', headers: { 'content-type': 'text/plain' } });
      expect(text.status).toBe(415);
      const query = await api.http.request('GET', `/api/v1/years/${YEAR}/status?phase=SELF_ASSESSMENT&limit=5`, { token: tokens.sonoivu });
      expect(query.status).toBe(400);
      expect(query.body.errors).toEqual([{ field: 'query.limit', message: 'Trường không được phép: limit' }]);
      const repeated = await api.http.request('GET', `/api/v1/years/${YEAR}/status?phase=SELF_ASSESSMENT&phase=SURVEY`, { token: tokens.sonoivu });
      expect(repeated.status).toBe(400);
      const extra = await api.http.request('PUT', `${unit}/leaves/1.1.2`, { token: tokens['snv.canbo'], body: { selfScore: 1, isAdmin: true } });
      expect(extra.status).toBe(422);
      expect(extra.body.errors).toEqual([{ field: 'body.isAdmin', message: 'Trường không được phép: isAdmin' }]);
    });

    it('never shows a stack trace or SQL, even for a failure nobody foresaw', async () => {
      const db = api.sys.database.db;
      await db.year.create({ data: { year: 2099, title: 'Năm hỏng', config: { deadlines: { selfAssessment: 'không phải ngày' } } } });
      const res = await api.http.request('GET', '/api/v1/years/2099', { token: tokens.sonoivu });
      expect(res.status).toBe(500);
      expect(res.body).toEqual({ type: 'about:blank', title: 'Lỗi hệ thống', status: 500, detail: 'Đã có lỗi ngoài dự kiến; thao tác chưa được thực hiện. Vui lòng thử lại sau.', instance: '/api/v1/years/2099', code: 'INTERNAL' });
      await db.year.delete({ where: { year: 2099 } });
    });
  });

  describe('HTTP hardening', () => {
    it('sends security headers and no server banner', async () => {
      const res = await api.http.request('GET', `/api/v1/years`, { token: tokens.lanhdao });
      expect(res.headers.get('x-powered-by')).toBeNull();
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('strict-transport-security')).toContain('max-age=31536000');
      expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    });

    it('keeps CORS closed unless an origin is listed', async () => {
      const preflight = await fetch(`${api.baseUrl}/api/v1/years`, {
        method: 'OPTIONS',
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' },
      });
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
      const simple = await fetch(`${api.baseUrl}/api/v1/years`, { headers: { origin: 'https://evil.example', authorization: `Bearer ${tokens.lanhdao}` } });
      expect(simple.headers.get('access-control-allow-origin')).toBeNull();

      const listed = await api.startApp({ corsOrigins: ['https://cchc.tuyenquang.gov.vn'] });
      const ok = await fetch(`${listed.baseUrl}/api/v1/years`, {
        method: 'OPTIONS',
        headers: { origin: 'https://cchc.tuyenquang.gov.vn', 'access-control-request-method': 'PUT', 'access-control-request-headers': 'authorization, if-match' },
      });
      expect(ok.status).toBe(204);
      expect(ok.headers.get('access-control-allow-origin')).toBe('https://cchc.tuyenquang.gov.vn');
      expect(ok.headers.get('access-control-allow-headers')).toContain('If-Match');
      const other = await fetch(`${listed.baseUrl}/api/v1/years`, { headers: { origin: 'https://evil.example' } });
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
    });
  });
});
