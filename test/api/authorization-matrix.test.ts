import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { isUnitRole, ROLES, type Role } from '../../domain/roles';
import { startApiSystem, type ApiSystem } from './support/api-system';
import { uploadEvidence } from './support/evidence';
import { PDF } from './support/files';
import { fillPath, MUTATING, operationsOf, type Operation } from './support/routes';
import { ACCOUNTS, GROUP, loginAll, OTHER_UNIT, OWN_UNIT, seedScenario, startScenarioYear, YEAR } from './support/scenario';
import { databaseFingerprint, settledFingerprint, workflowFingerprint } from './support/snapshot';

/**
 * The authorisation matrix, generated from the OpenAPI document: every operation × every role and
 * anonymous × the caller's own resource and another's. Each mutating call carries a body with an
 * unknown field, so an allowed caller is stopped by validation (422) and nothing changes; the
 * allowed set (answers other than 401/403) must be exactly what the document's x-access declares.
 */
/**
 * Besides one account per role: `substitute`, a second council member (hoidong2, field 2) whom Sở Nội
 * vụ named to appraise field 1 of STP, since hoidong1 (field 1) belongs to STP that year. The variant
 * `conflict` is STP's field 1: refused to hoidong1 (conflict of interest), allowed to the substitute.
 */
type Caller = Role | 'anonymous' | 'substitute';
type Variant = 'own' | 'other' | 'conflict' | 'any';

describe('authorisation matrix', () => {
  let api: ApiSystem;
  let tokens: Record<string, string>;
  let operations: Operation[];
  const values: Record<'own' | 'other' | 'conflict', Record<string, string>> = {
    own: { year: String(YEAR), unitCode: OWN_UNIT, leafCode: '1.1.1', fieldCode: '1', groupCode: GROUP, targetGroupCode: GROUP, username: 'stp.canbo', serial: '1' },
    other: { year: String(YEAR), unitCode: OTHER_UNIT, leafCode: '2.1.1', fieldCode: '2', groupCode: GROUP, targetGroupCode: GROUP, username: 'stp.canbo', serial: '1' },
    conflict: { year: String(YEAR), unitCode: OTHER_UNIT, leafCode: '1.1.1', fieldCode: '1', groupCode: GROUP, targetGroupCode: GROUP, username: 'stp.canbo', serial: '1' },
  };

  beforeAll(async () => {
    api = await startApiSystem();
    await seedScenario(api.sys.database.db);
    tokens = await loginAll(api.http);
    await startScenarioYear(api.sys.database.db, api.http, tokens.sonoivu!);
    // One evidence file in each unit, so downloads have an own and an other resource.
    for (const [unit, leaf] of [[OWN_UNIT, '1.1.1'], [OTHER_UNIT, '2.1.1']] as const) {
      const res = await uploadEvidence(api.http, tokens[`${unit.toLowerCase()}.canbo`]!, `/api/v1/years/${YEAR}/units/${unit}/leaves/${leaf}/evidence`, { name: 'ke-hoach.pdf', data: PDF });
      expect(res.status).toBe(201);
      values[unit === OWN_UNIT ? 'own' : 'other'].evidenceId = res.body.id;
    }
    values.conflict.evidenceId = values.other.evidenceId!;
    const named = await api.http.request('PUT', `/api/v1/years/${YEAR}/council/hoidong1/conflicts`, { token: tokens.sonoivu, body: { units: [{ unitCode: OTHER_UNIT, reason: 'Kiêm nhiệm tại đơn vị' }] } });
    expect(named.status).toBe(200);
    const substitute = await api.http.request('PUT', `/api/v1/years/${YEAR}/units/${OTHER_UNIT}/substitutes/1`, { token: tokens.sonoivu, body: { username: 'hoidong2' } });
    expect(substitute.status).toBe(200);
    operations = operationsOf((await api.http.request('GET', '/api/v1/openapi.json')).body);
  });
  afterAll(async () => {
    await api?.close();
  });

  const callers: Caller[] = [...ROLES, 'anonymous', 'substitute'];
  const accountOf = (caller: Caller) => (caller === 'anonymous' ? undefined : caller === 'substitute' ? 'hoidong2' : ACCOUNTS[caller]);

  /**
   * A public operation that requires a credential header of its own (a survey respondent's token)
   * admits nobody who comes without it, whatever their role.
   */
  const credentialHeader = (op: Operation['op']) => op.parameters.find((p) => p.in === 'header' && p.required);
  // Routes declaring their credential (x-access.credential) check it before the body: exact like roles.

  function expectedAllowed(op: Operation['op'], caller: Caller, variant: Variant): boolean {
    const access = op['x-access'];
    if (access.public) return credentialHeader(op) === undefined;
    const role: Role | 'anonymous' = caller === 'substitute' ? 'council_member' : caller;
    if (role === 'anonymous' || !access.roles.includes(role)) return false;
    const field = access.scope.includes('field');
    if (variant === 'any') return true;
    if (variant === 'own') return !(field && caller === 'substitute');
    if (access.scope.includes('unit') && isUnitRole(role)) return false;
    // STP's field 2 is the substitute's own; its field 1 the substitute's by nomination and hoidong1's conflict.
    if (field && caller === 'council_member') return false;
    return true;
  }

  const workflows = [`par/${YEAR}/${OWN_UNIT}`, `par/${YEAR}/${OTHER_UNIT}`, `par/${YEAR}`];

  it('the document follows the rules of the index', () => {
    const problems: string[] = [];
    for (const { method, path, op } of operations) {
      const { roles, scope } = op['x-access'];
      const where = `${method} ${path}`;
      const mutating = MUTATING.has(method);
      if (mutating && roles.includes('viewer') && !path.startsWith('/api/v1/auth/')) problems.push(`${where}: người chỉ xem không được thay đổi gì`);
      const openToAll = mutating ? path === '/api/v1/auth/login' : /^\/(healthz|readyz)$|^\/api\/v1\/(public\/|openapi\.json|docs)/.test(path);
      const respondentOnly = path.startsWith('/api/v1/survey/') && credentialHeader(op)?.name === 'X-Survey-Token';
      const ownCredential = path === '/api/v1/survey/session' && method === 'POST';
      if (op['x-access'].public && !openToAll && !respondentOnly && !ownCredential) problems.push(`${where}: công khai ngoài kết quả đã công bố`);
      const configuration = /^\/api\/v1\/(users|unit-groups|units)(\/|$)|^\/api\/v1\/years(\/\{year\})?(\/(start|criteria-sets.*|field-assignments.*))?$/.test(path);
      if (mutating && configuration && roles.join() !== 'secretariat') problems.push(`${where}: cấu hình chỉ do Sở Nội vụ thay đổi (đang cho ${roles.join(', ')})`);
      if (path.includes('{unitCode}') && roles.some((r) => isUnitRole(r as Role)) && !scope.includes('unit')) problems.push(`${where}: vai trò đơn vị phải bị giới hạn ở đơn vị mình`);
      if (path.includes('/appraisal/') && roles.includes('council_member') && !scope.includes('field')) problems.push(`${where}: thành viên hội đồng chỉ thẩm định lĩnh vực được giao`);
      if (/^\/api\/v1\/years\/\{year\}\/units\/\{unitCode\}\/leaves\/\{leafCode\}(\/evidence)?$/.test(path) && mutating && roles.some((r) => !isUnitRole(r as Role))) problems.push(`${where}: chỉ đơn vị sửa nháp và minh chứng của mình`);
    }
    expect(problems).toEqual([]);
  });

  it('allows exactly the callers the document declares, for own and other resources', async () => {
    const db = api.sys.database.db;
    const dbBefore = await settledFingerprint(db, api.sys.temporal.client, workflows);
    const wfBefore = await workflowFingerprint(api.sys.temporal.client, workflows);

    const expected: string[] = [];
    const actual: string[] = [];
    const wrongRefusal: string[] = [];
    for (const { method, path, op } of operations) {
      const scope = op['x-access'].scope;
      const variants: Variant[] = scope.includes('field') ? ['own', 'other', 'conflict'] : scope.length ? ['own', 'other'] : ['any'];
      for (const caller of callers) {
        for (const variant of variants) {
          const url = fillPath(path, values[variant === 'any' ? 'own' : variant]);
          const account = accountOf(caller);
          const token = account ? tokens[account] : undefined;
          const res = await api.http.request(method, url, { token, ...(MUTATING.has(method) ? { body: { __matrixProbe: true } } : {}) });
          const label = `${method} ${path} ${caller}/${variant}`;
          if (res.status >= 500) wrongRefusal.push(`${label}: ${res.status} ${JSON.stringify(res.body)}`);
          // A respondent's own credential is checked by the handler, after the body: without it a
          // probe gets 401 (reads) or 422 (the probe's unknown field), never a success.
          if (op['x-access'].public && !op['x-access'].credential && credentialHeader(op) && MUTATING.has(method)) {
            if (res.status < 400) wrongRefusal.push(`${label}: ${res.status} không có mã phiên của người trả lời`);
            continue;
          }
          if (expectedAllowed(op, caller, variant)) expected.push(label);
          if (res.status !== 401 && res.status !== 403) actual.push(label);
          else if (res.status !== (caller === 'anonymous' || op['x-access'].public ? 401 : 403)) wrongRefusal.push(`${label}: ${res.status}`);
          else if (res.headers.get('content-type')?.includes('application/problem+json') !== true || !res.body?.title) wrongRefusal.push(`${label}: không phải problem+json`);
          else if (variant === 'conflict' && caller === 'council_member' && op['x-access'].roles.includes('council_member') && res.body.code !== 'CONFLICT_OF_INTEREST') wrongRefusal.push(`${label}: ${res.body.code}, không phải CONFLICT_OF_INTEREST`);
        }
      }
    }
    expect(actual).toEqual(expected);
    expect(wrongRefusal).toEqual([]);
    // Every probe was refused or read only: nothing changed anywhere.
    expect(await databaseFingerprint(db)).toEqual(dbBefore);
    expect(await workflowFingerprint(api.sys.temporal.client, workflows)).toEqual(wfBefore);
  });

  it('refuses every read and write of another unit by a unit officer or head, even with a valid body', async () => {
    const db = api.sys.database.db;
    const before = await settledFingerprint(db, api.sys.temporal.client, workflows);
    const valid: Record<string, unknown> = {
      'PUT /api/v1/years/{year}/units/{unitCode}/leaves/{leafCode}': { selfScore: 3, note: 'Ghi đè đơn vị khác' },
      'PUT /api/v1/years/{year}/units/{unitCode}/fields/{fieldCode}/not-applicable': { notApplicable: true },
      'POST /api/v1/years/{year}/units/{unitCode}/submit': undefined,
    };
    const refused: string[] = [];
    const crossUnit = operations.filter(({ path, op }) => path.includes('{unitCode}') && op['x-access'].roles.some((r) => isUnitRole(r as Role)));
    expect(crossUnit.length).toBeGreaterThan(8);
    for (const { method, path } of crossUnit) {
      for (const account of ['snv.canbo', 'snv.thutruong']) {
        const body = valid[`${method} ${path}`];
        const res = await api.http.request(method, fillPath(path, values.other), { token: tokens[account], ...(body !== undefined ? { body } : {}) });
        if (res.status !== 403) refused.push(`${method} ${path} ${account}: ${res.status}`);
      }
    }
    // Evidence of the other unit, addressed through one's own unit, is not found either.
    const sideways = await api.http.request('GET', `/api/v1/years/${YEAR}/units/${OWN_UNIT}/evidence/${values.other.evidenceId}`, { token: tokens['snv.canbo'] });
    expect(sideways.status).toBe(404);
    expect(refused).toEqual([]);
    expect(await databaseFingerprint(db)).toEqual(before);
  });
});
