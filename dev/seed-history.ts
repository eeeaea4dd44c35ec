import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { addDays, formatDateVn } from '../domain/calendar';
import { parseCriteriaSet } from '../domain/criteria/parse';
import type { CriteriaNode, CriteriaSet, LeafNode } from '../domain/criteria/types';
import { parseUnitRegistry } from '../domain/units';
import type { YearConfig } from '../domain/year-config';
import { DEMO_PASSWORD } from './seed-demo';

/**
 * The demo's finished previous year, run through the real API and workflows by the people whose work
 * it is: Sở Nội vụ creates the year, loads the criteria sets, assigns the council's fields and starts
 * it; every unit's head fills in the self-assessment (with evidence on some leaves) and submits; each
 * council member appraises their field for every unit; one unit explains a flagged leaf and round 2
 * decides it; Sở Nội vụ excludes one unit for dishonesty; the chair approves and the cycle ranks and
 * publishes. Nothing is written to the database directly.
 *
 * Deadlines: counted from the seed day like the open year's, so no timer fires while people act and the
 * year runs through as soon as the last action is taken; the survey's close date is the day before the
 * seed, so the survey is closed when the year starts and submitted units go straight to appraisal.
 *
 * The data plants one case of each consistency-review finding (issue 15): full points on a leaf that
 * requires evidence with none uploaded (STC 1.1.1, every other unit uploaded a file), a harsh appraiser
 * (the member for field 3 cuts every unit's full-point leaves, the others accept), an outlier leaf (one
 * unit achieves 2.1.2 while every other unit of its group does not), identical notes (SCT and SXD on
 * 1.1.2), one evidence file uploaded by two units (SNV and STP on 1.1.1, same SHA-256), and a big
 * index for TP Tuyên Quang against weaker ones in its group (the year-on-year comparison with the
 * open year once it is appraised).
 *
 * Idempotent: each step looks at where the year stands (year status, every unit's phase and fields on
 * the status board) and does only what is still to do; a seed interrupted half-way resumes.
 */

const SEED_DIR = path.resolve(__dirname, '../seed');
const SAMPLE_SETS: Record<string, string> = {
  SO_NGANH: 'criteria/departments-2023.sample.json',
  HUYEN: 'criteria/districts-2023.sample.json',
};
const APPRAISED_FIELDS = ['1', '2', '3', '4', '5', '6', '7', '8'];
const HARSH_FIELD = '3';
const EXCLUDED_UNIT = 'BQLKCN';
const EXPLAINING_UNIT = 'HUYEN_LAMBINH';
const EXPLAINED_LEAF = '2.1.1';
const NO_EVIDENCE_UNIT = 'STC';
const SHARED_FILE_UNITS = ['SNV', 'STP'];
const SAME_NOTE_UNITS = ['SCT', 'SXD'];
const OUTLIER_UNIT = 'STTTT';
const OUTLIER_LEAF = '2.1.2';
const STRONG_UNIT = 'HUYEN_TPTUYENQUANG';
const v1 = '/api/v1';
const POLL_MS = 250;
const WAIT_MS = 120_000;

interface Board {
  units: { unitCode: string; phase: string; fields: { fieldCode: string; round: number; status: string }[] }[];
}

type Json = Record<string, unknown>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are read by their documented shape
type Body = any;

/** A small HTTP client for the seed: bearer tokens, problem+json errors become exceptions. */
function client(baseUrl: string) {
  const tokens = new Map<string, string>();
  async function raw(who: string | null, method: string, route: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: Body }> {
    const h: Record<string, string> = { ...headers };
    if (who) h.authorization = `Bearer ${await token(who)}`;
    let payload: Buffer | string | undefined;
    if (Buffer.isBuffer(body)) payload = body;
    else if (body !== undefined) {
      payload = JSON.stringify(body);
      h['content-type'] = 'application/json';
    }
    const res = await fetch(`${baseUrl}${v1}${route}`, { method, headers: h, ...(payload !== undefined ? { body: payload } : {}) });
    const text = await res.text();
    return { status: res.status, body: text && (res.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text };
  }
  async function token(username: string): Promise<string> {
    const known = tokens.get(username);
    if (known) return known;
    const res = await raw(null, 'POST', '/auth/login', { username, password: DEMO_PASSWORD });
    if (res.status !== 200) throw new Error(`Dữ liệu năm trước: không đăng nhập được ${username} (${res.status})`);
    tokens.set(username, res.body.token as string);
    return res.body.token as string;
  }
  async function call(who: string, method: string, route: string, body?: unknown, ok: number[] = [200, 201, 202], headers: Record<string, string> = {}): Promise<Body> {
    const res = await raw(who, method, route, body, headers);
    if (!ok.includes(res.status)) throw new Error(`Dữ liệu năm trước: ${who} ${method} ${route} → ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }
  return { raw, call };
}

/** A deterministic pseudo-random stream per key, so every run plants the same year. */
function random(key: string): () => number {
  let h = 2166136261;
  for (const c of key) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  return () => {
    h = Math.imul(h ^ (h >>> 15), 2246822507);
    h = Math.imul(h ^ (h >>> 13), 3266489909);
    h ^= h >>> 16;
    return (h >>> 0) / 4294967296;
  };
}

function leavesOf(nodes: readonly CriteriaNode[], field: string | null = null): { leaf: LeafNode; field: string }[] {
  return nodes.flatMap((n) => ('children' in n && n.children?.length ? leavesOf(n.children, field ?? n.code) : [{ leaf: n as LeafNode, field: field ?? n.code }]));
}

const dec = (hundredths: number) => hundredths / 100;

/** A self-assessment entry for a leaf at a given strength (0 weak … 1 strong), in the API's decimals. */
function entryFor(leaf: LeafNode, strength: number): Json | null {
  switch (leaf.kind) {
    case 'tiered': {
      const levels = [...leaf.levels].sort((a, b) => b.points - a.points);
      return { points: dec(levels[Math.min(levels.length - 1, Math.floor((1 - strength) * levels.length))]!.points) };
    }
    case 'binary':
      return { achieved: strength >= 0.35 };
    case 'threshold': {
      const bands = [...leaf.bands].sort((a, b) => b.from - a.from);
      const band = bands[Math.min(bands.length - 1, Math.floor((1 - strength) * bands.length))]!;
      return { ratio: dec(band.to === null ? band.from : Math.round((band.from + band.to) / 2)) };
    }
    case 'formula': {
      const total = 20;
      const done = Math.max(0, Math.min(total, Math.round(total * (0.5 + strength / 2))));
      return { numerator: done, denominator: total };
    }
    case 'bonus': {
      const once = strength > 0.7;
      return leaf.perOccurrence === undefined ? { points: dec(once ? leaf.max : 0) } : { occurrences: once ? 1 : 0 };
    }
    case 'penalty': {
      const once = strength < 0.15;
      return leaf.perOccurrence === undefined ? { points: dec(once ? leaf.max : 0) } : { occurrences: once ? 1 : 0 };
    }
    default:
      return null;
  }
}

/** The appraised score a harsh member gives instead of the self score: the next allowed value below. */
function harsherScore(leaf: LeafNode, self: number): number | null {
  const allowed = (() => {
    switch (leaf.kind) {
      case 'tiered':
        return leaf.levels.map((l) => l.points);
      case 'binary':
        return [0, leaf.max];
      case 'threshold':
        return leaf.bands.map((b) => b.points);
      case 'formula':
        return leaf.mode === 'bands' ? (leaf.bands ?? []).map((b) => b.points) : null;
      default:
        return null;
    }
  })();
  if (!allowed) return null;
  const lower = allowed.filter((p) => p < self).sort((a, b) => b - a);
  return lower.length ? lower[0]! : null;
}

function multipart(filename: string, data: Buffer): { body: Buffer; contentType: string } {
  const boundary = `----cchcseed${filename.length}x${data.length}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/pdf\r\n\r\n`;
  return { body: Buffer.concat([Buffer.from(head, 'utf8'), data, Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8')]), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** A small valid PDF whose bytes depend on its title, so different units' files hash differently. */
function pdf(title: string): Buffer {
  const text = title.replace(/[()\\]/g, '');
  return Buffer.from(
    `%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n4 0 obj<</Title(${text})>>endobj\ntrailer<</Root 1 0 R/Info 4 0 R>>\n%%EOF\n`,
    'latin1',
  );
}

async function mapLimit<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]!);
  });
  await Promise.all(workers);
}

async function readJson(relative: string): Promise<unknown> {
  return JSON.parse(await readFile(path.join(SEED_DIR, relative), 'utf8'));
}

const userBase = (unitCode: string) => unitCode.toLowerCase().replace(/_/g, '');

export interface SeedHistoryOptions {
  baseUrl: string;
  year: number;
  now?: number;
  log?: (line: string) => void;
}

/** Runs the finished previous year through the API; returns a line saying what it did. */
export async function seedHistory({ baseUrl, year, now = Date.now(), log = () => undefined }: SeedHistoryOptions): Promise<string> {
  const api = client(baseUrl);
  const snv = 'sonoivu';
  const started = Date.now();

  const existing = await api.raw(snv, 'GET', `/years/${year}`);
  if (existing.status === 200 && existing.body.status === 'published') return `Dữ liệu mẫu: năm ${year} đã công bố`;

  const registry = parseUnitRegistry(await readJson('units.json'));
  if (!registry.ok) throw new Error('seed/units.json không hợp lệ');
  const groupOf = new Map(registry.value.groups.flatMap((g) => g.units.map((u) => [u.code, g.code] as const)));
  const sets = new Map<string, CriteriaSet>();
  const files = new Map<string, Json>();
  for (const [groupCode, file] of Object.entries(SAMPLE_SETS)) {
    const json = { ...((await readJson(file)) as Json), year };
    const parsed = parseCriteriaSet(json);
    if (!parsed.ok) throw new Error(`${file} không hợp lệ`);
    sets.set(groupCode, parsed.value);
    files.set(groupCode, json);
  }

  // Sở Nội vụ: the year, its criteria sets, the council's fields, the start.
  if (existing.status === 404) {
    const iso = (days: number) => formatDateVn(addDays(now, days)).split('/').reverse().join('-');
    const config: YearConfig = {
      deadlines: { selfAssessment: iso(21), surveyClose: iso(-1), appraisalRound1: iso(35), appraisalRound2: iso(49), reportToChair: iso(56) },
      reminderDaysBefore: [7, 1],
      explanationWindowDays: 5,
      disputeRounds: 1,
    };
    await api.call(snv, 'POST', '/years', { year, title: `Chỉ số CCHC năm ${year} (dữ liệu mẫu, đã công bố)`, config });
  }
  const status = (await api.call(snv, 'GET', `/years/${year}`)).status as string;
  if (status === 'setup') {
    for (const [groupCode, json] of files) await api.call(snv, 'PUT', `/years/${year}/criteria-sets/${groupCode}`, json);
    for (const field of APPRAISED_FIELDS) await api.call(snv, 'PUT', `/years/${year}/field-assignments/hoidong${field}`, { fields: [field] });
    await api.call(snv, 'POST', `/years/${year}/start`, undefined, [202, 409]);
  }

  const board = async (): Promise<Board> => api.call(snv, 'GET', `/years/${year}/status?pageSize=500`);
  const until = async (what: string, test: (b: Board) => boolean): Promise<Board> => {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const b = await board();
      if (b.units.length === groupOf.size && test(b)) return b;
      if (Date.now() > deadline) throw new Error(`Dữ liệu năm trước: quá thời gian chờ ${what}`);
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  };
  const phaseOf = (b: Board, unit: string) => b.units.find((u) => u.unitCode === unit)?.phase;
  let b = await until('mọi đơn vị có hồ sơ', (x) => x.units.every((u) => u.phase !== 'NOT_STARTED'));

  const strengthOf = (unit: string) => (unit === STRONG_UNIT ? 0.97 : 0.35 + random(`strength/${unit}`)() * 0.55);

  // Units: each head fills in every self-scored leaf, uploads evidence for 1.1.1, and submits.
  const drafting = b.units.filter((u) => u.phase === 'SELF_ASSESSMENT').map((u) => u.unitCode);
  await mapLimit(drafting, 4, async (unit) => {
    const head = `${userBase(unit)}.thutruong`;
    const set = sets.get(groupOf.get(unit)!)!;
    const rnd = random(`leaves/${unit}`);
    const strength = strengthOf(unit);
    for (const { leaf } of leavesOf(set.nodes)) {
      if (leaf.scoredBy !== 'self') continue;
      let s = Math.max(0, Math.min(1, strength + (rnd() - 0.5) * 0.5));
      if (leaf.code === '1.1.1') s = 1;
      if (leaf.code === OUTLIER_LEAF) s = unit === OUTLIER_UNIT ? 1 : 0;
      const entry = entryFor(leaf, s);
      if (!entry) continue;
      const note =
        leaf.code === '1.1.2' && SAME_NOTE_UNITS.includes(unit)
          ? 'Đã hoàn thành 100% nhiệm vụ theo kế hoạch CCHC năm; chi tiết tại báo cáo CCHC năm của cơ quan.'
          : leaf.code === '1.1.1'
            ? `Kế hoạch CCHC năm ${year} của ${unit} ban hành đúng hạn.`
            : undefined;
      await api.call(head, 'PUT', `/years/${year}/units/${unit}/leaves/${leaf.code}`, { entry, ...(note ? { note } : {}) });
    }
    if (unit !== NO_EVIDENCE_UNIT) {
      const listed = await api.call(head, 'GET', `/years/${year}/units/${unit}/leaves/1.1.1/evidence`);
      const items = listed.items as unknown[];
      if (!items.length) {
        const shared = SHARED_FILE_UNITS.includes(unit);
        const file = pdf(shared ? `Ke hoach CCHC nam ${year}` : `Ke hoach CCHC nam ${year} - ${unit}`);
        const { body, contentType } = multipart(`Ke-hoach-CCHC-${year}.pdf`, file);
        await api.call(head, 'POST', `/years/${year}/units/${unit}/leaves/1.1.1/evidence`, body, [201], { 'content-type': contentType });
      }
    }
    await api.call(head, 'POST', `/years/${year}/units/${unit}/submit`, undefined, [200, 409]);
  });
  b = await until('mọi đơn vị vào thẩm định', (x) => x.units.every((u) => u.phase !== 'SELF_ASSESSMENT' && u.phase !== 'SURVEY'));

  // Council: each member appraises their field for every unit; the field-3 member cuts hard.
  const appraising = b.units.filter((u) => u.phase === 'APPRAISAL');
  await mapLimit(appraising, 4, async (u) => {
    const unit = u.unitCode;
    const set = sets.get(groupOf.get(unit)!)!;
    const sheet = await api.call(snv, 'GET', `/years/${year}/units/${unit}/score-sheet`);
    const selfOf = new Map<string, number | null>((sheet.rows as { code: string; self: number | null }[]).map((r) => [r.code, r.self]));
    for (const field of APPRAISED_FIELDS) {
      const progress = u.fields.find((f) => f.fieldCode === field && f.round === 1);
      if (!progress || progress.status === 'done' || progress.status === 'not_applicable') continue;
      const member = `hoidong${field}`;
      for (const { leaf } of leavesOf(set.nodes).filter((l) => l.field === field && l.leaf.scoredBy === 'self')) {
        const self = selfOf.get(leaf.code);
        if (self === null || self === undefined) continue;
        let body: Json = { action: 'accept' };
        const harsh = field === HARSH_FIELD && self * 100 === leaf.max ? harsherScore(leaf, leaf.max) : null;
        if (harsh !== null) body = { action: 'adjust', score: dec(harsh), reason: 'Tài liệu kiểm chứng chưa chứng minh được mức điểm tự chấm' };
        if (unit === EXPLAINING_UNIT && leaf.code === EXPLAINED_LEAF) {
          const lower = harsherScore(leaf, Math.round(self * 100));
          if (lower !== null) body = { action: 'explain', score: dec(lower), reason: 'Đề nghị giải trình: số liệu tự chấm chưa khớp báo cáo của đơn vị' };
        }
        await api.call(member, 'POST', `/years/${year}/units/${unit}/appraisal/leaves/${leaf.code}`, body);
      }
      await api.call(member, 'POST', `/years/${year}/units/${unit}/appraisal/fields/${field}/done`, undefined, [200, 409]);
    }
  });

  // The unit asked to explain does so; the field's member decides in round 2.
  b = await until('thẩm định vòng 1 xong', (x) => x.units.every((u) => !['APPRAISAL'].includes(u.phase)));
  if (phaseOf(b, EXPLAINING_UNIT) === 'DISPUTE') {
    await api.call(`${userBase(EXPLAINING_UNIT)}.thutruong`, 'POST', `/years/${year}/units/${EXPLAINING_UNIT}/explanations/${EXPLAINED_LEAF}`, {
      explanation: 'Đơn vị bổ sung số liệu của Trung tâm Phục vụ hành chính công: tỷ lệ đạt như đã tự chấm.',
    }, [200, 409]);
    b = await until('vòng 2 của đơn vị giải trình', (x) => phaseOf(x, EXPLAINING_UNIT) === 'FINAL_APPRAISAL');
  }
  if (phaseOf(b, EXPLAINING_UNIT) === 'FINAL_APPRAISAL') {
    const member = `hoidong${EXPLAINED_LEAF.split('.')[0]}`;
    const sheet = await api.call(snv, 'GET', `/years/${year}/units/${EXPLAINING_UNIT}/score-sheet`);
    const self = (sheet.rows as { code: string; self: number }[]).find((r) => r.code === EXPLAINED_LEAF)!.self;
    await api.call(member, 'POST', `/years/${year}/units/${EXPLAINING_UNIT}/appraisal/leaves/${EXPLAINED_LEAF}/decision`, {
      result: 'upheld',
      score: self,
      reason: 'Giải trình có căn cứ, giữ điểm tự chấm',
    }, [200, 409]);
    await api.call(member, 'POST', `/years/${year}/units/${EXPLAINING_UNIT}/appraisal/fields/${EXPLAINED_LEAF.split('.')[0]}/done`, undefined, [200, 409]);
  }
  b = await until('mọi đơn vị chờ phê duyệt', (x) => x.units.every((u) => ['RANKING', 'EXCLUDED'].includes(u.phase)));

  // Sở Nội vụ excludes one unit for dishonesty; the chair approves; the cycle ranks and publishes.
  if (phaseOf(b, EXCLUDED_UNIT) === 'RANKING') {
    await api.call(snv, 'POST', `/years/${year}/units/${EXCLUDED_UNIT}/exclusion`, {
      reason: 'Kết luận thanh tra: báo cáo số liệu thủ tục hành chính không trung thực',
    }, [200, 409]);
  }
  await until('đơn vị bị loại', (x) => phaseOf(x, EXCLUDED_UNIT) === 'EXCLUDED');
  await api.call('chutich', 'POST', `/years/${year}/approve`, undefined, [202, 409]);
  await until('công bố', (x) => x.units.every((u) => ['PUBLISHED', 'EXCLUDED'].includes(u.phase)));
  const deadline = Date.now() + WAIT_MS;
  while ((await api.call(snv, 'GET', `/years/${year}`)).status !== 'published') {
    if (Date.now() > deadline) throw new Error('Dữ liệu năm trước: quá thời gian chờ năm được công bố');
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  log(`Dữ liệu mẫu: năm ${year} chạy hết quy trình trong ${seconds} giây`);
  return `Dữ liệu mẫu: năm ${year} đã thẩm định, phê duyệt và công bố (${seconds} giây)`;
}
