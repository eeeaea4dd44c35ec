import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventually } from '../support/system';
import { startApiSystem, type ApiSystem } from './support/api-system';
import { uploadEvidence } from './support/evidence';
import { EXE, fakeOoxml, HTML, JPEG, multipart, PDF, PLAIN_ZIP, PNG } from './support/files';
import { loginAll, OTHER_UNIT, OWN_UNIT, seedScenario, startScenarioYear, YEAR } from './support/scenario';

/**
 * Evidence files over HTTP: upload, checksum, content-addressed storage, download headers, type and
 * size refusals (by content and by name), hostile names, and immutability once the unit has submitted.
 */
const unit = `/api/v1/years/${YEAR}/units/${OWN_UNIT}`;
const leafUrl = `${unit}/leaves/1.1.1/evidence`;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) if (entry.isFile()) out.push(path.relative(dir, path.join(entry.parentPath, entry.name)));
  return out.sort();
}

describe('evidence files', () => {
  let api: ApiSystem;
  let tokens: Record<string, string>;
  let firstId: string;
  const upload = (name: string, data: Buffer, who = 'snv.canbo', url = leafUrl) => uploadEvidence(api.http, tokens[who]!, url, { name, data });
  const download = (url: string, who = 'snv.canbo') => fetch(`${api.baseUrl}${url}`, { headers: { authorization: `Bearer ${tokens[who]}` } });

  beforeAll(async () => {
    api = await startApiSystem();
    await seedScenario(api.sys.database.db);
    tokens = await loginAll(api.http);
    await startScenarioYear(api.sys.database.db, api.http, tokens.sonoivu!);
  });
  afterAll(async () => {
    await api?.close();
  });

  it('stores an upload under its SHA-256, never under the given name, and serves it back with safe headers', async () => {
    const name = 'Kế hoạch CCHC năm 2023 (bản ký).pdf';
    const res = await upload(name, PDF);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ leafCode: '1.1.1', originalName: name, size: PDF.length, mediaType: 'application/pdf', sha256: sha(PDF), uploadedBy: 'snv.canbo' });
    expect(res.headers.get('location')).toBe(res.body.downloadUrl);
    firstId = res.body.id;
    expect(await filesUnder(api.evidenceDir)).toEqual([path.join(sha(PDF).slice(0, 2), sha(PDF))]);

    const file = await download(res.body.downloadUrl);
    expect(file.status).toBe(200);
    const bytes = Buffer.from(await file.arrayBuffer());
    expect(sha(bytes)).toBe(sha(PDF));
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(file.headers.get('content-length')).toBe(String(PDF.length));
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    expect(file.headers.get('content-disposition')).toBe(
      `attachment; filename="Ke hoach CCHC nam 2023 (ban ky).pdf"; filename*=UTF-8''${encodeURIComponent(name).replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`,
    );
    expect(file.headers.get('repr-digest')).toBe(`sha-256=:${createHash('sha256').update(PDF).digest('base64')}:`);
    expect(file.headers.get('content-security-policy')).toContain('sandbox');
  });

  it('accepts Word, Excel and images whose content matches their name, and stores equal content once', async () => {
    const cases: [string, Buffer, string][] = [
      ['bao-cao.docx', fakeOoxml('word'), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
      ['so-lieu.xlsx', fakeOoxml('xl'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      ['anh-chup.PNG', PNG, 'image/png'],
      ['anh.jpeg', JPEG, 'image/jpeg'],
    ];
    for (const [name, data, mediaType] of cases) {
      const res = await upload(name, data);
      expect({ name, status: res.status, mediaType: res.body.mediaType }).toEqual({ name, status: 201, mediaType });
    }
    const again = await upload('ban-sao.pdf', PDF, 'snv.thutruong', `${unit}/leaves/1.1.2/evidence`);
    expect(again.status).toBe(201);
    expect(again.body.sha256).toBe(sha(PDF));
    expect((await filesUnder(api.evidenceDir)).filter((f) => f.endsWith(sha(PDF)))).toHaveLength(1);

    const perLeaf = await api.http.request('GET', leafUrl, { token: tokens['snv.canbo'] });
    expect(perLeaf.body.items.map((e: any) => e.originalName)).toEqual(['Kế hoạch CCHC năm 2023 (bản ký).pdf', 'bao-cao.docx', 'so-lieu.xlsx', 'anh-chup.PNG', 'anh.jpeg']);
    const all = await api.http.request('GET', `${unit}/evidence?leafCode=1.1.2`, { token: tokens.hoidong1 });
    expect(all.body).toMatchObject({ paging: { total: 1 }, items: [{ originalName: 'ban-sao.pdf' }] });
    const sheet = await api.http.request('GET', `${unit}/assessment`, { token: tokens.lanhdao });
    expect(sheet.body.leaves).toEqual([]);
  });

  it('refuses files by content, by name and by size, and keeps nothing of them', async () => {
    const db = api.sys.database.db;
    const rowsBefore = await db.evidenceFile.count();
    const filesBefore = await filesUnder(api.evidenceDir);
    const refusals: [string, Buffer, number, string?][] = [
      ['trang.pdf', HTML, 415, 'FILE_TYPE_REFUSED'],
      ['chuong-trinh.docx', EXE, 415, 'FILE_TYPE_REFUSED'],
      ['nen.docx', PLAIN_ZIP, 415, 'FILE_TYPE_REFUSED'],
      ['anh-gia.pdf', PNG, 415, 'FILE_TYPE_REFUSED'],
      ['so-lieu.xlsx', fakeOoxml('word'), 415, 'FILE_TYPE_REFUSED'],
      ['virus.exe', EXE, 422, 'FILE_NAME_INVALID'],
      ['trang.html', HTML, 422, 'FILE_NAME_INVALID'],
      ['../../etc/passwd.pdf', PDF, 422, 'FILE_NAME_INVALID'],
      ['..\\..\\windows\\win.pdf', PDF, 422, 'FILE_NAME_INVALID'],
      ['.pdf', PDF, 422, 'FILE_NAME_INVALID'],
      // A control character breaks the part's header itself.
      ['ten\u0007chuong.pdf', PDF, 400, 'BAD_REQUEST'],
      ['x'.repeat(300) + '.pdf', PDF, 422, 'FILE_NAME_INVALID'],
      ["'; DROP TABLE evidence_files; --.exe", PDF, 422, 'FILE_NAME_INVALID'],
      ['rong.pdf', Buffer.alloc(0), 422, 'FILE_EMPTY'],
      ['qua-lon.pdf', Buffer.concat([PDF, Buffer.alloc(api.evidenceMaxBytes)]), 413, 'PAYLOAD_TOO_LARGE'],
    ];
    for (const [name, data, status, code] of refusals) {
      const res = await upload(name, data);
      expect({ name: name.slice(0, 40), status: res.status, code: res.body.code }).toEqual({ name: name.slice(0, 40), status, code });
      expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    }

    // A filename with SQL in it is only a name: stored as such when the file itself is fine.
    const sqlName = "'; DROP TABLE evidence_files; --.pdf";
    const sql = await upload(sqlName, PDF);
    expect(sql.status).toBe(201);
    expect(sql.body.originalName).toBe(sqlName);
    await api.http.request('DELETE', `${unit}/evidence/${sql.body.id}`, { token: tokens['snv.canbo'] });

    const form = (parts: Parameters<typeof multipart>[0]) => {
      const { body, contentType } = multipart(parts);
      return api.http.request('POST', leafUrl, { token: tokens['snv.canbo'], raw: body, headers: { 'content-type': contentType } });
    };
    expect((await form([{ name: 'file', filename: 'a.pdf', data: PDF }, { name: 'file', filename: 'b.pdf', data: PDF }])).status).toBe(422);
    expect((await form([{ name: 'file', filename: 'a.pdf', data: PDF }, { name: 'leafCode', data: '2.1.1' }])).status).toBe(422);
    expect((await form([{ name: 'tep', filename: 'a.pdf', data: PDF }])).status).toBe(422);
    expect((await form([])).status).toBe(422);
    const json = await api.http.request('POST', leafUrl, { token: tokens['snv.canbo'], body: { file: 'JVBERi0=' } });
    expect(json.status).toBe(415);
    const noBoundary = await api.http.request('POST', leafUrl, { token: tokens['snv.canbo'], raw: PDF, headers: { 'content-type': 'multipart/form-data' } });
    expect(noBoundary.status).toBe(400);
    expect((await upload('ke-hoach.pdf', PDF, 'snv.canbo', `${unit}/leaves/9.9.9/evidence`)).status).toBe(404);

    expect(await db.evidenceFile.count()).toBe(rowsBefore);
    await eventually(async () => ((await filesUnder(api.evidenceDir)).join() === filesBefore.join() ? true : undefined), 'no leftover files');
  });

  it('acts once on a retried upload, even framed anew', async () => {
    const url = `${unit}/leaves/2.1.1/evidence`;
    const key = { 'Idempotency-Key': 'tai-len-2.1.1-lan-1' };
    const data = Buffer.concat([PDF, Buffer.from('% so lieu 2.1.1\n')]);
    const first = await uploadEvidence(api.http, tokens['snv.canbo']!, url, { name: 'so-lieu.pdf', data }, key);
    const retry = await uploadEvidence(api.http, tokens['snv.canbo']!, url, { name: 'so-lieu.pdf', data }, key);
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body.id).toBe(first.body.id);
    expect(retry.headers.get('idempotency-replayed')).toBe('true');
    expect(await api.sys.database.db.evidenceFile.count({ where: { leafCode: '2.1.1' } })).toBe(1);
  });

  it('lets every reader of the assessment download, and no one from another unit', async () => {
    const url = `${unit}/evidence/${firstId}`;
    for (const who of ['snv.thutruong', 'hoidong1', 'hoidong2', 'sonoivu', 'chutich', 'lanhdao']) expect({ who, status: (await download(url, who)).status }).toEqual({ who, status: 200 });
    expect((await download(url, 'stp.canbo')).status).toBe(403);
    expect((await download(`/api/v1/years/${YEAR}/units/${OTHER_UNIT}/evidence/${firstId}`, 'stp.canbo')).status).toBe(404);
    expect((await fetch(`${api.baseUrl}${url}`)).status).toBe(401);
    expect((await upload('ke-hoach.pdf', PDF, 'hoidong1')).status).toBe(403);
  });

  it('removes a file before submission, then refuses every change once the unit has submitted', async () => {
    const extra = await upload('tam.pdf', Buffer.concat([PDF, Buffer.from('% ban nhap\n')]));
    const removed = await api.http.request('DELETE', `${unit}/evidence/${extra.body.id}`, { token: tokens['snv.canbo'] });
    expect(removed.status).toBe(204);
    expect((await download(`${unit}/evidence/${extra.body.id}`)).status).toBe(404);

    expect((await api.http.request('POST', `${unit}/submit`, { token: tokens['snv.thutruong'] })).status).toBe(200);
    await eventually(async () => ((await api.sys.database.db.assessment.findFirst({ where: { unit: { code: OWN_UNIT } } }))?.lockedAt ? true : undefined), 'assessment locked');
    const late = await upload('bo-sung.pdf', PDF);
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('EVIDENCE_LOCKED');
    const del = await api.http.request('DELETE', `${unit}/evidence/${firstId}`, { token: tokens['snv.canbo'] });
    expect(del.status).toBe(409);
    const still = await download(`${unit}/evidence/${firstId}`, 'hoidong1');
    expect(sha(Buffer.from(await still.arrayBuffer()))).toBe(sha(PDF));

    const timeline = await api.http.request('GET', `${unit}/timeline?action=evidence&order=asc`, { token: tokens['snv.canbo'] });
    const actions = timeline.body.items.map((e: any) => e.action);
    expect(actions.filter((a: string) => a === 'evidence.delete')).toHaveLength(2);
    expect(timeline.body.items[0]).toMatchObject({ action: 'evidence.upload', actionLabel: 'Tải lên tài liệu kiểm chứng', actor: 'snv.canbo', target: '1.1.1' });
  });
});
