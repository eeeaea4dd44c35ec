import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TEST_PASSWORD } from '../support/org';
import { createYear } from '../support/year';
import { startApiSystem, type ApiSystem } from './support/api-system';
import { seedScenario, YEAR } from './support/scenario';

/**
 * Accounts over HTTP: login, logout, sessions, password change and reset (throttling and the
 * browser's cookie session: login-throttle.test.ts, web-session.test.ts), and users, roles and field assignments managed by Sở Nội vụ.
 */
describe('authentication and user management', () => {
  let api: ApiSystem;
  let admin: string;
  const login = (username: string, password: string, http = api.http) => http.request('POST', '/api/v1/auth/login', { body: { username, password } });

  beforeAll(async () => {
    api = await startApiSystem();
    await seedScenario(api.sys.database.db);
    await createYear(api.sys.database.db, YEAR);
    admin = await api.http.login('sonoivu');
  });
  afterAll(async () => {
    await api?.close();
  });

  it('signs in with a bearer token whose hash alone is stored, and signs out', async () => {
    const res = await login('snv.canbo', TEST_PASSWORD);
    expect(res.status).toBe(200);
    expect(res.body.user).toEqual({ username: 'snv.canbo', fullName: 'Cán bộ SNV', role: 'unit_officer', unitCode: 'SNV' });
    const token = res.body.token as string;
    const stored = await api.sys.database.db.session.findMany({ where: { user: { username: 'snv.canbo' } } });
    expect(stored.some((s) => s.tokenHash === token)).toBe(false);
    expect(stored.every((s) => /^[0-9a-f]{64}$/.test(s.tokenHash))).toBe(true);

    const me = await api.http.request('GET', '/api/v1/auth/me', { token });
    expect(me.body).toMatchObject({ username: 'snv.canbo', role: 'unit_officer', unitCode: 'SNV', fieldAssignments: [] });
    expect((await api.http.request('POST', '/api/v1/auth/logout', { token })).status).toBe(204);
    const after = await api.http.request('GET', '/api/v1/auth/me', { token });
    expect(after.status).toBe(401);
    expect(after.body).toMatchObject({ code: 'UNAUTHENTICATED', title: 'Chưa đăng nhập' });
  });

  it('answers a wrong password and an unknown user alike', async () => {
    const wrong = await login('stp.canbo', 'sai-mat-khau-roi');
    const unknown = await login('khong.ton.tai', 'sai-mat-khau-roi');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect({ ...wrong.body, instance: undefined }).toEqual({ ...unknown.body, instance: undefined });
    expect(wrong.body.detail).toBe('Tên đăng nhập hoặc mật khẩu không đúng.');
  });

  it('changes one’s own password, keeping this session and ending the others', async () => {
    const here = await api.http.login('hoidong2');
    const elsewhere = await api.http.login('hoidong2');
    const change = (body: unknown) => api.http.request('POST', '/api/v1/auth/password', { token: here, body });
    expect((await change({ currentPassword: 'khong-dung-dau', newPassword: 'Mật khẩu rất mới 2025' })).body).toMatchObject({ status: 422, code: 'WRONG_PASSWORD' });
    expect((await change({ currentPassword: TEST_PASSWORD, newPassword: 'ngắn' })).status).toBe(422);
    expect((await change({ currentPassword: TEST_PASSWORD, newPassword: 'hoidong2-mat-khau' })).status).toBe(422);
    expect((await change({ currentPassword: TEST_PASSWORD, newPassword: TEST_PASSWORD })).status).toBe(422);
    expect((await change({ currentPassword: TEST_PASSWORD, newPassword: 'Mật khẩu rất mới 2025', extra: 1 })).status).toBe(422);
    expect((await change({ currentPassword: TEST_PASSWORD, newPassword: 'Mật khẩu rất mới 2025' })).status).toBe(204);
    expect((await api.http.request('GET', '/api/v1/auth/me', { token: here })).status).toBe(200);
    expect((await api.http.request('GET', '/api/v1/auth/me', { token: elsewhere })).status).toBe(401);
    expect((await login('hoidong2', TEST_PASSWORD)).status).toBe(401);
    expect((await login('hoidong2', 'Mật khẩu rất mới 2025')).status).toBe(200);
  });

  it('refuses expired sessions, sessions of deactivated accounts and malformed tokens', async () => {
    const token = await api.http.login('stp.canbo');
    await api.sys.database.db.session.updateMany({ where: { user: { username: 'stp.canbo' } }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await api.http.request('GET', '/api/v1/auth/me', { token })).status).toBe(401);
    for (const header of ['Bearer', 'Bearer ', 'Basic c25vOm1r', `Bearer ${'x'.repeat(500)}`, "Bearer ' OR 1=1 --"]) {
      const res = await api.http.request('GET', '/api/v1/auth/me', { headers: { authorization: header } });
      expect({ header: header.slice(0, 20), status: res.status }).toEqual({ header: header.slice(0, 20), status: 401 });
    }
  });

  it('lets Sở Nội vụ create, list, change and deactivate accounts, never showing a password', async () => {
    const create = (body: Record<string, unknown>) => api.http.request('POST', '/api/v1/users', { token: admin, body });
    const base = { username: 'snv.canbo2', fullName: 'Nguyễn Thị Hồng Nhung', email: 'nhung@snv.tuyenquang.gov.vn', role: 'unit_officer', password: 'Mật khẩu ban đầu 01' };
    expect((await create({ ...base, unitCode: undefined })).body).toMatchObject({ status: 422, errors: [{ field: 'body.unitCode' }] });
    expect((await create({ ...base, unitCode: 'KHONGCO' })).status).toBe(422);
    expect((await create({ ...base, role: 'viewer', unitCode: 'SNV' })).status).toBe(422);
    expect((await create({ ...base, role: 'admin', unitCode: 'SNV' })).status).toBe(422);
    expect((await create({ ...base, unitCode: 'SNV', password: 'snv.canbo2-abc' })).status).toBe(422);
    expect((await create({ ...base, fullName: '<script>alert(1)</script>', unitCode: 'SNV' })).status).toBe(422);
    const created = await create({ ...base, unitCode: 'SNV' });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe('/api/v1/users/snv.canbo2');
    expect(created.body).toMatchObject({ username: 'snv.canbo2', fullName: 'Nguyễn Thị Hồng Nhung', role: 'unit_officer', roleLabel: 'Công chức đơn vị (nhập điểm, minh chứng)', unitCode: 'SNV', active: true });
    expect(JSON.stringify(created.body)).not.toMatch(/password|scrypt/i);
    expect((await create({ ...base, unitCode: 'SNV' })).body).toMatchObject({ status: 409, code: 'USERNAME_TAKEN' });

    const list = await api.http.request('GET', '/api/v1/users?unitCode=SNV&sort=-username&pageSize=2', { token: admin });
    expect(list.body.paging).toEqual({ page: 1, pageSize: 2, total: 3 });
    expect(list.body.items.map((u: any) => u.username)).toEqual(['snv.thutruong', 'snv.canbo2']);
    const search = await api.http.request('GET', `/api/v1/users?q=${encodeURIComponent('hồng nhung')}`, { token: admin });
    expect(search.body.items.map((u: any) => u.username)).toEqual(['snv.canbo2']);
    expect((await api.http.request('GET', '/api/v1/users?role=admin', { token: admin })).status).toBe(400);
    expect((await api.http.request('GET', '/api/v1/users?sort=password', { token: admin })).status).toBe(400);

    const session = await api.http.login('snv.canbo2', 'Mật khẩu ban đầu 01');
    const promoted = await api.http.request('PATCH', '/api/v1/users/snv.canbo2', { token: admin, body: { role: 'unit_head' } });
    expect(promoted.body).toMatchObject({ role: 'unit_head', unitCode: 'SNV' });
    expect((await api.http.request('GET', '/api/v1/auth/me', { token: session })).status).toBe(401);
    const moved = await api.http.request('PATCH', '/api/v1/users/snv.canbo2', { token: admin, body: { role: 'viewer' } });
    expect(moved.body).toMatchObject({ role: 'viewer', unitCode: null });

    expect((await api.http.request('PATCH', '/api/v1/users/sonoivu', { token: admin, body: { active: false } })).body.code).toBe('SELF_CHANGE');
    expect((await api.http.request('DELETE', '/api/v1/users/sonoivu', { token: admin })).status).toBe(409);
    expect((await api.http.request('DELETE', '/api/v1/users/snv.canbo2', { token: admin })).status).toBe(204);
    expect((await login('snv.canbo2', 'Mật khẩu ban đầu 01')).status).toBe(401);
    expect((await api.http.request('GET', '/api/v1/users/snv.canbo2', { token: admin })).body.active).toBe(false);

    const audit = await api.sys.database.db.auditEntry.findMany({ where: { target: 'snv.canbo2' } });
    expect(audit.map((a) => a.action)).toEqual(['user.create', 'user.update', 'user.update', 'user.deactivate']);
    expect(JSON.stringify(audit.map((a) => [a.before, a.after]))).not.toMatch(/scrypt|Mật khẩu ban đầu/);
  });

  it('assigns council members their fields per year, only fields of that year’s criteria sets', async () => {
    const put = (username: string, fields: unknown) => api.http.request('PUT', `/api/v1/years/${YEAR}/field-assignments/${username}`, { token: admin, body: { fields } });
    expect((await put('snv.canbo', ['1'])).body).toMatchObject({ status: 422, code: 'NOT_COUNCIL_MEMBER' });
    expect((await put('hoidong1', ['1', '7'])).body).toMatchObject({ status: 422, code: 'UNKNOWN_FIELD' });
    expect((await put('hoidong1', ['1; DROP TABLE users'])).status).toBe(422);
    expect((await put('hoidong1', ['2', '1', '1'])).body).toEqual({ username: 'hoidong1', fullName: 'Người dùng hoidong1', active: true, fields: ['1', '2'] });
    expect((await put('hoidong1', ['1'])).body.fields).toEqual(['1']);
    const list = await api.http.request('GET', `/api/v1/years/${YEAR}/field-assignments`, { token: await api.http.login('chutich') });
    expect(list.body.items).toEqual([{ username: 'hoidong1', fullName: 'Người dùng hoidong1', active: true, fields: ['1'] }]);
    const me = await api.http.request('GET', '/api/v1/auth/me', { token: await api.http.login('hoidong1') });
    expect(me.body.fieldAssignments).toEqual([{ year: YEAR, fields: ['1'] }]);
    expect((await api.http.request('PUT', `/api/v1/years/1999/field-assignments/hoidong1`, { token: admin, body: { fields: [] } })).status).toBe(400);
  });
});
