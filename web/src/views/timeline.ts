import { formatPoints } from '../../../domain/decimal';
import { PHASE_LABELS, type Phase } from '../../../domain/phases';
import { ROLE_LABELS, isRole } from '../../../domain/roles';
import { api } from '../lib/api';
import type { Ctx } from '../lib/context';
import { h } from '../lib/dom';
import { dateTime } from '../lib/format';
import { alertBox } from '../lib/notify';
import { href } from '../lib/router';

/**
 * A unit's timeline (dòng thời gian): every recorded action on its assessment, newest first — who,
 * when, what, the values before and after, and why — read from the hash-chained audit log.
 */

export interface TimelineEntry {
  seq: string;
  at: string;
  /** HH:mm dd/mm/yyyy in Vietnam, as the server writes it. */
  atDisplay?: string;
  actor: string;
  actorRole: string | null;
  action: string;
  actionLabel: string;
  target: string | null;
  before: unknown;
  after: unknown;
  reason: string | null;
  /** "2,00 → 1,00: <reason>" for an appraisal, from the server. */
  change: string | null;
}

/** The log keeps database values: points, ratios and counts in hundredths. */
const HUNDREDTHS = new Set(['selfScore', 'appraisedScore', 'finalScore', 'surveyScore', 'score', 'points', 'ratio', 'numerator', 'denominator', 'max']);

const KEY_LABELS: Record<string, string> = {
  selfScore: 'Điểm tự chấm',
  appraisedScore: 'Điểm thẩm định',
  finalScore: 'Điểm thẩm định vòng 2',
  surveyScore: 'Điểm điều tra',
  score: 'Điểm',
  points: 'Điểm',
  ratio: 'Tỷ lệ (%)',
  numerator: 'Tử số',
  denominator: 'Mẫu số',
  achieved: 'Đạt',
  occurrences: 'Số lần',
  entry: 'Số liệu',
  note: 'Ghi chú',
  notApplicable: 'Không áp dụng',
  phase: 'Giai đoạn',
  from: 'Từ giai đoạn',
  to: 'Sang giai đoạn',
  deadline: 'Hạn',
  phaseDeadline: 'Hạn của giai đoạn',
  submittedAt: 'Nộp lúc',
  explanation: 'Giải trình',
  result: 'Kết quả',
  disputeRound: 'Vòng giải trình',
  explanationResult: 'Kết quả giải trình',
  title: 'Tên',
  scale: 'Thang điểm',
  units: 'Số đơn vị',
  until: 'Hạn mới',
  previous: 'Hạn cũ',
  reason: 'Lý do',
  late: 'Muộn',
  action: 'Kết quả',
  fields: 'Lĩnh vực',
  originalName: 'Tệp',
  size: 'Dung lượng (byte)',
};

/** A value for a person: points with a comma, booleans as có/không, dates as dd/mm/yyyy, objects as "khóa: giá trị". */
function show(value: unknown, key = ''): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? 'có' : 'không';
  if (typeof value === 'number') return HUNDREDTHS.has(key) && Number.isSafeInteger(value) ? formatPoints(value) : value.toLocaleString('vi-VN');
  if (typeof value === 'string') {
    if (PHASE_LABELS[value as Phase]) return PHASE_LABELS[value as Phase];
    return /^\d{4}-\d{2}-\d{2}T/.test(value) ? dateTime(value) : value;
  }
  if (Array.isArray(value)) return value.map((v) => show(v, key)).join(', ');
  return Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => `${KEY_LABELS[k] ?? k}: ${show(v, k)}`)
    .join('; ');
}

function changes(before: unknown, after: unknown): Node | null {
  if ((before === null || before === undefined) && (after === null || after === undefined)) return null;
  const isObj = (v: unknown): v is Record<string, unknown> => Boolean(v) && typeof v === 'object' && !Array.isArray(v);
  if (isObj(before) || isObj(after)) {
    const b = isObj(before) ? before : {};
    const a = isObj(after) ? after : {};
    const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]));
    if (!keys.length) return null;
    return h(
      'ul',
      { class: 'changes' },
      keys.map((k) => h('li', null, `${KEY_LABELS[k] ?? k}: `, k in b ? h('del', null, show(b[k], k)) : null, k in b ? ' → ' : '', show(a[k], k))),
    );
  }
  return h('p', { class: 'changes' }, `${show(before)} → ${show(after)}`);
}

export async function timelineView(ctx: Ctx): Promise<Node> {
  const year = ctx.params.year!;
  const unitCode = ctx.params.unit!;
  ctx.title(`Dòng thời gian ${unitCode} năm ${year}`);
  const [body, assessment] = await Promise.all([
    api.get<{ items: TimelineEntry[]; paging: { total: number } }>(`/years/${year}/units/${encodeURIComponent(unitCode)}/timeline?pageSize=500&order=desc`),
    api.get<{ unitName: string }>(`/years/${year}/units/${encodeURIComponent(unitCode)}/assessment`),
  ]);
  const items = body.items;
  return h(
    'div',
    null,
    h('p', null, h('a', { href: href('nam', year, 'don-vi', unitCode) }, '← Hồ sơ của đơn vị')),
    h('h1', null, `Dòng thời gian — ${assessment.unitName} — năm ${year}`),
    body.paging.total > items.length ? h('p', { class: 'muted' }, `Hiện ${items.length} hoạt động gần nhất trên tổng số ${body.paging.total}.`) : null,
    items.length
      ? h(
          'ol',
          { class: 'timeline' },
          items.map((e) =>
            h(
              'li',
              null,
              h('time', { datetime: e.at }, e.atDisplay ?? dateTime(e.at)),
              h('p', null, h('strong', null, e.actionLabel), e.target ? ` — ${e.target}` : ''),
              h('p', { class: 'muted small' }, `${e.actor === 'system' ? 'Hệ thống (tự động)' : e.actor}${e.actorRole && isRole(e.actorRole) ? ` (${ROLE_LABELS[e.actorRole]})` : ''}`),
              e.change ? h('p', { class: 'score-change' }, h('strong', null, e.change)) : null,
              changes(e.before, e.after),
              e.reason && !e.change ? h('p', null, `Lý do: ${e.reason}`) : null,
            ),
          ),
        )
      : alertBox('Chưa có hoạt động nào được ghi nhận.', 'info'),
  );
}
