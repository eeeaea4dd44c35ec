import { PHASE_LABELS, type Phase } from '../../../domain/phases';
import { api } from '../lib/api';
import type { Ctx } from '../lib/context';
import { h } from '../lib/dom';
import { NONE, percent, points } from '../lib/format';
import { href } from '../lib/router';
import { unitPath } from '../lib/sheet-data';

/**
 * A unit's score sheet as the province publishes it: STT | field/criterion/sub-criterion | maximum |
 * survey | self-assessed | appraised | achieved | index | note, with the totals — the same rows the
 * domain builds for reports.
 */

interface Row {
  type: string;
  depth: number;
  leaf: boolean;
  code: string;
  title: string;
  max: number | null;
  declaredMax: number;
  survey: number | null;
  self: number | null;
  appraised: number | null;
  achieved: number | null;
  index: number | null;
  notApplicable: boolean;
  note: string;
}

interface Sheet {
  year: number;
  unitCode: string;
  unitName: string;
  setTitle: string;
  sample: boolean;
  phase: string;
  columns: { key: string; label: string }[];
  rows: Row[];
  points: number;
  max: number;
  index: number | null;
}

export async function scoreSheetView(ctx: Ctx): Promise<Node> {
  const year = ctx.params.year!;
  const unitCode = ctx.params.unit!;
  const sheet = await api.get<Sheet>(`${unitPath(year, unitCode)}/score-sheet`);
  ctx.title(`Bảng điểm ${sheet.unitName} năm ${year}`);
  const cell = (row: Row, key: string): string => {
    switch (key) {
      case 'code':
        return row.type === 'total' ? '' : row.code;
      case 'title':
        return row.title;
      case 'max':
        return row.notApplicable ? 'Không áp dụng' : points(row.max);
      case 'survey':
        return points(row.survey);
      case 'self':
        return points(row.self);
      case 'appraised':
        return points(row.appraised);
      case 'achieved':
        return points(row.achieved);
      case 'index':
        return row.index === null ? NONE : percent(row.index);
      case 'note':
        return row.note;
      default:
        return '';
    }
  };
  const numeric = new Set(['max', 'survey', 'self', 'appraised', 'achieved', 'index']);
  return h(
    'div',
    null,
    h('p', null, h('a', { href: href('nam', year, 'don-vi', unitCode) }, '← Hồ sơ của đơn vị')),
    h('h1', null, `Bảng điểm năm ${year} — ${sheet.unitName}`),
    h('p', { class: 'status-line' }, h('span', { class: `phase phase-${sheet.phase}` }, PHASE_LABELS[sheet.phase as Phase] ?? sheet.phase), sheet.setTitle, sheet.sample ? h('span', { class: 'badge warn' }, 'Bộ tiêu chí mẫu') : null),
    h(
      'div',
      { class: 'counts' },
      h('div', { class: 'count-card' }, h('strong', null, points(sheet.points)), 'điểm đạt được'),
      h('div', { class: 'count-card' }, h('strong', null, points(sheet.max)), 'điểm tối đa (tiêu chí áp dụng)'),
      h('div', { class: 'count-card' }, h('strong', null, sheet.index === null ? NONE : percent(sheet.index)), 'Chỉ số'),
    ),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'data score-sheet' },
        h('caption', null, `Bảng điểm Chỉ số CCHC năm ${year} của ${sheet.unitName}`),
        h('thead', null, h('tr', null, sheet.columns.map((c) => h('th', { scope: 'col', class: numeric.has(c.key) ? 'num' : '' }, c.label)))),
        h(
          'tbody',
          null,
          sheet.rows.map((row) =>
            h(
              'tr',
              { class: `row-${row.type} depth-${row.depth}${row.notApplicable ? ' not-applicable' : ''}` },
              sheet.columns.map((c, i) =>
                i === 1 ? h('th', { scope: 'row' }, cell(row, c.key)) : h('td', { class: numeric.has(c.key) ? 'num' : '' }, cell(row, c.key)),
              ),
            ),
          ),
        ),
      ),
    ),
  );
}
