import type { ProblemField } from '../../lib/api';
import { h } from '../../lib/dom';

/** A file refused by the server: every error, with its sheet, row and column where it has them. */
export function issuesTable(errors: ProblemField[]): HTMLElement {
  type Issue = ProblemField & { sheet?: string; row?: number; column?: string };
  const rows = errors as Issue[];
  const excel = rows.some((e) => e.row !== undefined);
  const position = (e: Issue) => e.field.replace(/^(body|file)\.?/, '');
  const positions = excel || rows.some((e) => position(e));
  return h(
    'div',
    { class: 'table-wrap issues' },
    h(
      'table',
      { class: 'data' },
      h('caption', null, `${rows.length} lỗi cần sửa`),
      h('thead', null, h('tr', null, excel ? [h('th', { scope: 'col' }, 'Trang'), h('th', { scope: 'col' }, 'Dòng'), h('th', { scope: 'col' }, 'Cột')] : positions ? h('th', { scope: 'col' }, 'Vị trí') : null, h('th', { scope: 'col' }, 'Lỗi'))),
      h(
        'tbody',
        null,
        rows.map((e) =>
          h('tr', null, excel ? [h('td', null, e.sheet ?? ''), h('td', { class: 'num' }, e.row !== undefined ? String(e.row) : ''), h('td', null, e.column ?? '')] : positions ? h('td', null, position(e) || '—') : null, h('td', null, e.message)),
        ),
      ),
    ),
  );
}
