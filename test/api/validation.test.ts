import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Role } from '../../domain/roles';
import { smallCriteriaSet } from '../fixtures/small-criteria-set';
import { startApiSystem, type ApiSystem } from './support/api-system';
import { uploadEvidence } from './support/evidence';
import { PDF } from './support/files';
import { bodyMutations, HOSTILE_STRINGS } from './support/mutations';
import { fillPath, MUTATING, operationsOf, type Operation } from './support/routes';
import { ACCOUNTS, GROUP, loginAll, OTHER_UNIT, OWN_UNIT, seedScenario, startScenarioYear, YEAR } from './support/scenario';
import { databaseFingerprint, settledFingerprint, workflowFingerprint } from './support/snapshot';

/**
 * Input validation of every mutating route in the OpenAPI document, called by a role allowed to call
 * it: malformed JSON, missing and unknown fields, wrong types, out-of-range and oversized values, and
 * hostile strings (Vietnamese text, emoji, SQL and HTML fragments, path separators) wherever a code,
 * date, number or fixed value is expected — in the body and in the path. Every one is refused with a
 * 4xx problem document, and afterwards the database and the workflows are exactly as before.
 */

/** One valid body per route, from which each mutation breaks one rule; routes not listed start from {}. */
const SAMPLES: Record<string, unknown> = {
  'POST /api/v1/auth/login': { username: 'khong.ton.tai', password: 'mat-khau-bat-ky' },
  'POST /api/v1/auth/password': { currentPassword: 'khong-phai-mat-khau-hien-tai', newPassword: 'Mật khẩu mới đủ dài' },
  'POST /api/v1/users': { username: 'nguoi.moi', fullName: 'Người Mới', role: 'viewer', password: 'Mật khẩu ban đầu 01' },
  'PATCH /api/v1/users/{username}': { fullName: 'Tên mới' },
  'POST /api/v1/users/{username}/reset-password': { newPassword: 'Mật khẩu mới đủ dài' },
  'POST /api/v1/unit-groups': { code: 'NHOM_MOI', name: 'Nhóm mới', order: 5 },
  'PATCH /api/v1/unit-groups/{groupCode}': { name: 'Tên nhóm mới', order: 1 },
  'POST /api/v1/units': { code: 'DV_MOI', name: 'Đơn vị mới', groupCode: GROUP, email: 'dvmoi@tinh.example' },
  'PATCH /api/v1/units/{unitCode}': { name: 'Tên đơn vị mới', active: true },
  'POST /api/v1/years': {
    year: 2030,
    title: 'Năm mới',
    config: {
      deadlines: { selfAssessment: '2031-03-31', surveyClose: '2031-03-31', appraisalRound1: '2031-04-15', appraisalRound2: '2031-04-30', reportToChair: '2031-05-10' },
      reminderDaysBefore: [7],
      explanationWindowDays: 5,
      disputeRounds: 1,
      classification: [{ code: 'A', label: 'Xuất sắc', minIndex: 90 }, { code: 'B', label: 'Còn lại', minIndex: 0 }],
      scoring: { surveyWeights: { A: 100, B: 50 }, noSurveyData: 'zero' },
    },
  },
  'PATCH /api/v1/years/{year}': { title: 'Tên năm mới' },
  'PUT /api/v1/years/{year}/field-assignments/{username}': { fields: ['1'] },
  'PUT /api/v1/years/{year}/council/{username}/conflicts': { units: [{ unitCode: OTHER_UNIT, reason: 'Kiêm nhiệm' }] },
  'PUT /api/v1/years/{year}/units/{unitCode}/substitutes/{fieldCode}': { username: 'hoidong2', reason: 'Thành viên phụ trách thuộc đơn vị' },
  'PUT /api/v1/years/{year}/criteria-sets/{groupCode}': smallCriteriaSet(YEAR, GROUP),
  'POST /api/v1/years/{year}/criteria-sets/{groupCode}/copy': { toYear: 2031, title: 'Bộ mới', sample: true, replace: false },
  'PUT /api/v1/years/{year}/units/{unitCode}/leaves/{leafCode}': { entry: { points: 3 }, note: 'Ghi chú', notApplicable: false },
  'PUT /api/v1/years/{year}/units/{unitCode}/fields/{fieldCode}/not-applicable': { notApplicable: true, note: 'Không áp dụng' },
};

/** Path values of the scenario, and values each path parameter must refuse. */
const PATH_VALUES: Record<string, string> = { year: String(YEAR), unitCode: OWN_UNIT, leafCode: '1.1.1', fieldCode: '1', groupCode: GROUP, targetGroupCode: GROUP, username: 'stp.canbo', serial: '1' };
const HOSTILE_PATH = ['Nguyễn', '😀', "1' OR '1'='1", '<script>', '..%2F..%2Fetc', '-1', '1e3', '9'.repeat(40)];

describe('input validation of every mutating route', () => {
  let api: ApiSystem;
  let tokens: Record<string, string>;
  let operations: Operation[];
  const values = { ...PATH_VALUES };

  beforeAll(async () => {
    api = await startApiSystem();
    await seedScenario(api.sys.database.db);
    tokens = await loginAll(api.http);
    await startScenarioYear(api.sys.database.db, api.http, tokens.sonoivu!);
    const up = await uploadEvidence(api.http, tokens['snv.canbo']!, `/api/v1/years/${YEAR}/units/${OWN_UNIT}/leaves/1.1.1/evidence`, { name: 'ke-hoach.pdf', data: PDF });
    values.evidenceId = up.body.id;
    operations = operationsOf((await api.http.request('GET', '/api/v1/openapi.json')).body).filter((o) => MUTATING.has(o.method));
  });
  afterAll(async () => {
    await api?.close();
  });

  const tokenFor = (op: Operation['op']) => {
    const role = op['x-access'].roles[0] as Role | undefined;
    return role ? tokens[ACCOUNTS[role]] : undefined;
  };

  it('refuses every bad body and path value with a 4xx problem and changes nothing', async () => {
    const db = api.sys.database.db;
    const workflows = [`par/${YEAR}/${OWN_UNIT}`, `par/${YEAR}/${OTHER_UNIT}`, `par/${YEAR}`];
    const dbBefore = await settledFingerprint(db, api.sys.temporal.client, workflows);
    const wfBefore = await workflowFingerprint(api.sys.temporal.client, workflows);

    const accepted: string[] = [];
    let sent = 0;
    for (const { method, path, op } of operations) {
      const token = tokenFor(op);
      const url = fillPath(path, values);
      const sample = SAMPLES[`${method} ${path}`] ?? {};
      const media = Object.keys(op.requestBody?.content ?? {});
      const send = async (what: string, target: string, options: { body?: unknown; raw?: string | Buffer; type?: string }) => {
        const headers: Record<string, string> = options.type ? { 'content-type': options.type } : {};
        const res = await api.http.request(method, target, { token, ...(options.body !== undefined ? { body: options.body } : {}), ...(options.raw !== undefined ? { raw: options.raw, headers: { 'content-type': options.type ?? 'application/json' } } : { headers }) });
        sent++;
        const problem = res.headers.get('content-type')?.includes('application/problem+json') && typeof res.body?.title === 'string';
        if (res.status < 400 || res.status >= 500 || !problem) accepted.push(`${method} ${path} — ${what}: ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`);
      };

      if (media.includes('application/json')) {
        const schema = (op.requestBody!.content['application/json'] as { schema: Record<string, unknown> }).schema;
        for (const m of bodyMutations(schema, sample)) await send(m.what, url, m.raw !== undefined ? { raw: m.raw } : { body: m.body });
      } else if (media.length) {
        // Uploads: a JSON body where a file is expected, and a body past the size limit.
        await send('JSON thay cho tệp', url, { body: { file: 'x' } });
        await send('quá lớn', url, { raw: Buffer.alloc(6 * 1024 * 1024, 0x41), type: media[0] });
      } else {
        await send('trường lạ', url, { body: { truongLa: 1 } });
        await send('JSON hỏng', url, { raw: '{"a":' });
      }
      for (const p of op.parameters.filter((x) => x.in === 'path')) {
        for (const bad of HOSTILE_PATH) {
          const target = fillPath(path, { ...values, [p.name]: '__BAD__' }).replace('__BAD__', bad.includes('%') ? bad : encodeURIComponent(bad));
          await send(`{${p.name}} = ${bad}`, target, media.includes('application/json') ? { body: sample } : media.length ? { raw: PDF, type: media[0] } : {});
        }
      }
    }
    expect(sent).toBeGreaterThan(500);
    expect(accepted).toEqual([]);
    expect(await databaseFingerprint(db)).toEqual(dbBefore);
    expect(await workflowFingerprint(api.sys.temporal.client, workflows)).toEqual(wfBefore);
  });

  it('stores hostile text verbatim where free text is allowed, and gives it back unchanged', async () => {
    for (const note of HOSTILE_STRINGS.filter((s) => s.trim() && ![...s].some((c) => c < ' '))) {
      const res = await api.http.request('PUT', `/api/v1/years/${YEAR}/units/${OWN_UNIT}/leaves/1.1.2`, { token: tokens['snv.canbo'], body: { note } });
      expect({ note, status: res.status, stored: res.body.note }).toEqual({ note, status: 200, stored: note });
    }
    expect(await api.sys.database.db.user.count()).toBe(9);
  });
});
