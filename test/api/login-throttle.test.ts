import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEFAULT_THROTTLE, type ThrottlePolicy } from '../../api/auth/throttle';
import { TEST_PASSWORD } from '../support/org';
import type { HttpClient } from '../support/system';
import { startApiSystem, type ApiSystem } from './support/api-system';
import { seedScenario } from './support/scenario';

/**
 * Login throttling as a user meets it: a streak of wrong passwords for one account from one address
 * makes that pair wait (longer each time), never locks the account for everyone; unknown names get
 * the same answers; successes are not counted, so an office behind one address keeps signing in;
 * Sở Nội vụ's unlock or reset takes effect at once; every wait imposed is in the audit log.
 */
describe('login throttling', () => {
  let api: ApiSystem;
  let http: HttpClient;
  let admin: string;
  const policy: ThrottlePolicy = { ...DEFAULT_THROTTLE, freeFailures: 3, baseDelayMs: 60_000, maxDelayMs: 10 * 60_000, addressFreeFailures: 6 };
  const login = (username: string, password: string, from: string) =>
    http.request('POST', '/api/v1/auth/login', { body: { username, password }, headers: { 'x-forwarded-for': from } });
  const wrong = (i: number) => `sai-mat-khau-${i}-roi`;
  const waitOf = (res: { headers: Headers }) => Number(res.headers.get('retry-after'));
  /** Time passes: the pair's current wait is over. */
  const waitPasses = (username: string, address: string) =>
    api.sys.database.db.loginThrottle.updateMany({ where: { username, address }, data: { blockedUntil: new Date(Date.now() - 1000) } });

  beforeAll(async () => {
    api = await startApiSystem();
    await seedScenario(api.sys.database.db);
    // Behind a proxy that names the client, so the test can speak from several addresses.
    ({ http } = await api.startApp({ loginThrottle: policy, config: { ...api.sys.config, evidence: { dir: api.evidenceDir, maxBytes: api.evidenceMaxBytes }, trustProxy: true } }));
    admin = await api.http.login('sonoivu');
  });
  afterAll(async () => {
    await api?.close();
  });

  it('makes one account wait from one address only, longer each time, and records every wait', async () => {
    const attacker = '203.0.113.7';
    const office = '198.51.100.20';
    for (let i = 0; i < 3; i++) expect((await login('stp.thutruong', wrong(i), attacker)).status).toBe(401);
    const refused = await login('stp.thutruong', TEST_PASSWORD, attacker);
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ code: 'LOGIN_THROTTLED', title: 'Tạm dừng đăng nhập' });
    expect(refused.body.detail).toMatch(/thử lại sau \d+ giây/);
    expect(waitOf(refused)).toBeGreaterThan(55);
    expect(waitOf(refused)).toBeLessThanOrEqual(60);
    // The unit head in the office is not affected by the stranger.
    expect((await login('stp.thutruong', TEST_PASSWORD, office)).status).toBe(200);

    await waitPasses('stp.thutruong', attacker);
    expect((await login('stp.thutruong', wrong(3), attacker)).status).toBe(401);
    const longer = await login('stp.thutruong', wrong(4), attacker);
    expect(longer.status).toBe(429);
    expect(waitOf(longer)).toBeGreaterThan(115);
    expect(waitOf(longer)).toBeLessThanOrEqual(120);

    const audit = await api.sys.database.db.auditEntry.findMany({ where: { action: 'auth.throttled', target: 'stp.thutruong' }, orderBy: { seq: 'asc' } });
    expect(audit.map((e) => (e.after as { failures: number; address: string }).failures)).toEqual([3, 4]);
    expect(audit.every((e) => (e.after as { address: string }).address === attacker)).toBe(true);
    expect(audit[0]!.reason).toBe(`Đăng nhập sai 3 lần liên tiếp từ địa chỉ ${attacker}`);

    const listed = await api.http.request('GET', '/api/v1/users/stp.thutruong', { token: admin });
    expect(listed.body.lockedUntil).not.toBeNull();
  });

  it('ends every wait at once when Sở Nội vụ unlocks or resets the password', async () => {
    const from = '203.0.113.8';
    for (let i = 0; i < 3; i++) await login('snv.canbo', wrong(i), from);
    expect((await login('snv.canbo', TEST_PASSWORD, from)).status).toBe(429);
    const unlocked = await api.http.request('POST', '/api/v1/users/snv.canbo/unlock', { token: admin, body: {} });
    expect(unlocked.status).toBe(200);
    expect(unlocked.body.lockedUntil).toBeNull();
    expect((await login('snv.canbo', TEST_PASSWORD, from)).status).toBe(200);
    expect(await api.sys.database.db.auditEntry.count({ where: { action: 'user.unlock', target: 'snv.canbo' } })).toBe(1);

    for (let i = 0; i < 3; i++) await login('snv.thutruong', wrong(i), from);
    expect((await login('snv.thutruong', TEST_PASSWORD, from)).status).toBe(429);
    const weak = await api.http.request('POST', '/api/v1/users/snv.thutruong/reset-password', { token: admin, body: { newPassword: 'ngan' } });
    expect(weak.status).toBe(422);
    expect(weak.body.errors[0].field).toBe('body.newPassword');
    const reset = await api.http.request('POST', '/api/v1/users/snv.thutruong/reset-password', { token: admin, body: { newPassword: 'Mật khẩu mới của SNV 2024' } });
    expect(reset.status).toBe(204);
    expect((await login('snv.thutruong', 'Mật khẩu mới của SNV 2024', from)).status).toBe(200);
  });

  it('answers an unknown name exactly as a known one, throttled or not', async () => {
    const from = '203.0.113.9';
    const strip = (r: { status: number; body: Record<string, unknown>; headers: Headers }) => ({ status: r.status, body: { ...r.body, instance: undefined }, wait: r.headers.get('retry-after') ? 'yes' : 'no' });
    for (let i = 0; i < 5; i++) {
      const known = await login('hoidong1', wrong(i), from);
      const unknown = await login('khong.ai.ca', wrong(i), from);
      expect(strip(unknown)).toEqual(strip(known));
    }
    expect(await api.sys.database.db.auditEntry.count({ where: { action: 'auth.throttled', target: 'khong.ai.ca' } })).toBe(0);
  });

  it('lets a burst of parallel guesses through no faster than one at a time', async () => {
    const from = '203.0.113.10';
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => login('hoidong2', wrong(i), from)));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 401)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(9);
  });

  it('keeps an office behind one address signing in: successes do not count, trusted accounts pass a spraying neighbour', async () => {
    const office = '198.51.100.50';
    // Officials of the office sign in all morning: never throttled, however many.
    for (let round = 0; round < 4; round++) {
      for (const u of ['snv.canbo', 'stp.canbo', 'chutich', 'lanhdao']) expect((await login(u, TEST_PASSWORD, office)).status).toBe(200);
    }
    // Someone in the same office sprays wrong passwords over many names.
    for (let i = 0; i < 6; i++) expect((await login(`ai.do.${i}`, wrong(i), office)).status).toBe(401);
    // Accounts that sign in from this office still do; a name never seen here must wait.
    expect((await login('snv.canbo', TEST_PASSWORD, office)).status).toBe(200);
    expect((await login('chutich', TEST_PASSWORD, office)).status).toBe(200);
    expect((await login('hoidong1', TEST_PASSWORD, office)).status).toBe(429);
    expect(await api.sys.database.db.auditEntry.count({ where: { action: 'auth.address-throttled', target: office } })).toBe(1);
  });
});
