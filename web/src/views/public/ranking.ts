import { api, ApiError } from '../../lib/api';
import type { Ctx } from '../../lib/context';
import { h } from '../../lib/dom';
import { percent, points } from '../../lib/format';
import { alertBox } from '../../lib/notify';
import { href } from '../../lib/router';

/**
 * Published results (kết quả công bố), open to everyone: per unit group, the ranking by index with
 * points, maximum, index and classification; excluded units listed apart, unranked, with the reason.
 */

export interface RankedRow {
  rank: number;
  unitCode: string;
  unitName: string;
  points: number | null;
  max: number | null;
  index: number | null;
  classification: string | null;
}

export interface UnrankedRow {
  unitCode: string;
  unitName: string;
  points: number | null;
  max: number | null;
  index: number | null;
  cause: 'EXCLUDED' | 'NO_RESULT' | 'NO_INDEX';
  reason: string;
}

export interface GroupResult {
  groupCode: string;
  groupName: string;
  ranked: RankedRow[];
  unranked: UnrankedRow[];
}

export interface Results {
  year: number;
  title: string;
  status: string;
  /** Computed from the data as it stands, not yet approved. */
  provisional: boolean;
  groups: GroupResult[];
}

/** Published results are public; the provisional ranking is for Sở Nội vụ, the council and leaders. */
export function loadResults(year: number, publicOnly: boolean): Promise<Results> {
  return api.get<Results>(publicOnly ? `/public/years/${year}/results` : `/years/${year}/ranking`);
}

export function resultsTables(results: Results): HTMLElement {
  return h(
    'div',
    { class: 'results' },
    results.provisional ? alertBox('Kết quả tạm tính từ số liệu hiện có; chưa được Chủ tịch Hội đồng phê duyệt.', 'warn') : null,
    results.groups.map((g) =>
      h(
        'section',
        { 'aria-labelledby': `rg-${g.groupCode}` },
        h('h2', { id: `rg-${g.groupCode}` }, g.groupName),
        h(
          'div',
          { class: 'table-wrap' },
          h(
            'table',
            { class: 'data ranking' },
            h('caption', null, `Xếp hạng ${g.groupName}`),
            h('thead', null, h('tr', null, h('th', { scope: 'col', class: 'num' }, 'Hạng'), h('th', { scope: 'col' }, 'Đơn vị'), h('th', { scope: 'col', class: 'num' }, 'Điểm đạt'), h('th', { scope: 'col', class: 'num' }, 'Điểm tối đa'), h('th', { scope: 'col', class: 'num' }, 'Chỉ số'), h('th', { scope: 'col' }, 'Xếp loại'))),
            h(
              'tbody',
              null,
              g.ranked.map((r) =>
                h(
                  'tr',
                  null,
                  h('td', { class: 'num' }, r.rank === null ? '—' : String(r.rank)),
                  h('th', { scope: 'row' }, r.unitName),
                  h('td', { class: 'num' }, points(r.points)),
                  h('td', { class: 'num' }, points(r.max)),
                  h('td', { class: 'num' }, percent(r.index)),
                  h('td', null, r.classification ?? '—'),
                ),
              ),
            ),
          ),
        ),
        ...(
          [
            ['Không đánh giá, xếp hạng', g.unranked.filter((u) => u.cause !== 'NO_RESULT')],
            ['Chưa có kết quả', g.unranked.filter((u) => u.cause === 'NO_RESULT')],
          ] as const
        ).map(([title, units]) =>
          units.length
            ? h(
                'div',
                { class: 'unranked' },
                h('h3', null, title),
                h('ul', null, units.map((u) => h('li', null, h('strong', null, u.unitName), ` — ${u.reason}`, u.index !== null ? ` (chỉ số tính được: ${percent(u.index)})` : ''))),
              )
            : null,
        ),
      ),
    ),
  );
}

/** The results of a year as tables, or null when there are none to show yet. */
export async function rankingTables(year: number, publicOnly: boolean): Promise<HTMLElement | null> {
  try {
    return resultsTables(await loadResults(year, publicOnly));
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 409)) return null;
    throw error;
  }
}

export async function publicView(ctx: Ctx): Promise<Node> {
  const published = await api.get<{ items: { year: number; title: string }[] }>('/public/years').then((b) => b.items.sort((a, b) => b.year - a.year));
  const year = Number(ctx.params.year ?? published[0]?.year ?? new Date().getFullYear() - 1);
  ctx.title(`Kết quả Chỉ số CCHC năm ${year}`);
  const tables = published.some((p) => p.year === year) ? await rankingTables(year, true) : null;
  return h(
    'div',
    null,
    h('h1', null, `Kết quả Chỉ số cải cách hành chính năm ${year}`),
    h('p', { class: 'subtitle' }, 'Các sở, ban, ngành và UBND các huyện, thành phố tỉnh Tuyên Quang'),
    published.length
      ? h(
          'nav',
          { class: 'year-nav', 'aria-label': 'Các năm đã công bố' },
          published.map((p) => h('a', { href: href('cong-khai', p.year), class: 'btn secondary small', 'aria-current': p.year === year ? 'page' : false }, `Năm ${p.year}`)),
        )
      : null,
    tables ?? alertBox(`Kết quả năm ${year} chưa được công bố.`, 'info'),
  );
}

/** The ranking inside the system: provisional until approved, for Sở Nội vụ, the council and leaders. */
export async function rankingView(ctx: Ctx): Promise<Node> {
  const year = Number(ctx.params.year);
  ctx.title(`Xếp hạng năm ${year}`);
  const results = await loadResults(year, false);
  return h('div', null, h('h1', null, `Xếp hạng Chỉ số CCHC năm ${year}`), h('p', { class: 'subtitle' }, results.title), resultsTables(results));
}
