import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TEST_PASSWORD } from '../support/org';
import { startApiSystem, type ApiSystem } from './support/api-system';
import { seedScenario, startScenarioYear, YEAR } from './support/scenario';

/**
 * The browser's session: a cookie scripts cannot read (HttpOnly; Secure; SameSite=Strict), a CSRF
 * token required on every change made with it, and no cache keeping a credential. API clients keep
 * their bearer tokens, without CSRF tokens.
 */
describe('cookie sessions for the web', () => {
  let api: ApiSystem;
  const draftPath = `/api/v1/years/${YEAR}/units/SNV/leaves/1.1.1`;

  beforeAll(async () => {
    api = await startApiSystem();
    await seedScenario(api.sys.database.db);
    await startScenarioYear(api.sys.database.db, api.http, await api.http.login('sonoivu'));
  });
  afterAll(async () => {
    await api?.close();
  });

  async function webLogin(username: string) {
    const res = await api.http.request('POST', '/api/v1/auth/login', { body: { username, password: TEST_PASSWORD, session: 'cookie' } });
    expect(res.status).toBe(200);
    const setCookie = res.headers.get('set-cookie')!;
    const cookie = setCookie.split(';')[0]!;
    return { res, setCookie, cookie, csrf: res.body.csrfToken as string };
  }

  it('signs the browser in with a cookie it cannot read, and never lets a cache keep it', async () => {
    const { res, setCookie, cookie } = await webLogin('snv.canbo');
    expect(setCookie).toMatch(/^__Host-cchc-session=[A-Za-z0-9_-]{40,}; Path=\/; Max-Age=28800; HttpOnly; Secure; SameSite=Strict$/);
    expect(res.body.token).toBeUndefined();
    expect(res.body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    // Only the token's hash is stored.
    const stored = await api.sys.database.db.session.findMany({ where: { user: { username: 'snv.canbo' } } });
    expect(stored.some((s) => s.tokenHash === cookie.split('=')[1])).toBe(false);

    const me = await api.http.request('GET', '/api/v1/auth/me', { headers: { cookie } });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ username: 'snv.canbo', csrfToken: res.body.csrfToken });
    expect(me.headers.get('cache-control')).toBe('no-store');
  });

  it('gives API clients a bearer token, with no-store too, and no CSRF token to send', async () => {
    const res = await api.http.request('POST', '/api/v1/auth/login', { body: { username: 'snv.canbo', password: TEST_PASSWORD } });
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('set-cookie')).toBeNull();
    const saved = await api.http.request('PUT', draftPath, { token: res.body.token, body: { selfScore: 1.5 } });
    expect(saved.status).toBe(200);
  });

  it('refuses a change made with the cookie but without its CSRF token, changing nothing', async () => {
    const { cookie, csrf } = await webLogin('snv.canbo');
    const before = await api.sys.database.db.auditEntry.count();
    const attempts: Record<string, string>[] = [{ cookie }, { cookie, 'x-csrf-token': 'gia-mao-khong-dung-chut-nao-ca-aaaaaaaaaaaaa' }, { cookie, 'x-csrf-token': csrf.slice(1) }];
    for (const headers of attempts) {
      const refused = await api.http.request('PUT', draftPath, { headers, body: { selfScore: 1.5 } });
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ code: 'CSRF_TOKEN_INVALID', title: 'Yêu cầu không được xác nhận' });
    }
    expect(await api.sys.database.db.auditEntry.count()).toBe(before);

    const saved = await api.http.request('PUT', draftPath, { headers: { cookie, 'x-csrf-token': csrf }, body: { selfScore: 1.5 } });
    expect(saved.status).toBe(200);
    expect(saved.body.selfScore).toBe(1.5);
    // Reading needs no CSRF token.
    expect((await api.http.request('GET', draftPath.replace(/\/leaves\/.*/, '/assessment'), { headers: { cookie } })).status).toBe(200);
  });

  it('signs out: the session ends and the browser is told to drop the cookie', async () => {
    const { cookie, csrf } = await webLogin('stp.canbo');
    expect((await api.http.request('POST', '/api/v1/auth/logout', { headers: { cookie } })).status).toBe(403);
    const out = await api.http.request('POST', '/api/v1/auth/logout', { headers: { cookie, 'x-csrf-token': csrf } });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/^__Host-cchc-session=; Path=\/; Max-Age=0; HttpOnly; Secure; SameSite=Strict$/);
    expect((await api.http.request('GET', '/api/v1/auth/me', { headers: { cookie } })).status).toBe(401);
    // A stale cookie does not stand in the way of signing in again.
    const again = await api.http.request('POST', '/api/v1/auth/login', { headers: { cookie }, body: { username: 'stp.canbo', password: TEST_PASSWORD, session: 'cookie' } });
    expect(again.status).toBe(200);
  });
});
