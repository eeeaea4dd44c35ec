import { PHASE_LABELS, type Phase } from '../../../../domain/phases';
import { fieldsOfDuty, fieldsToAppraise, type CouncilDuty } from '../../../../domain/council';
import { APPRAISAL_PHASES, loadBoard, myDuty } from '../../lib/board';
import type { Ctx } from '../../lib/context';
import { h } from '../../lib/dom';
import { countdown, date } from '../../lib/format';
import { alertBox } from '../../lib/notify';
import { href } from '../../lib/router';
import type { BoardUnit } from '../../lib/types';

/**
 * The council member's inbox: every unit × the fields they own, with where each stands, due dates
 * and a link to appraise. What is waiting for them comes first.
 */

type CellState = 'todo' | 'done' | 'waiting' | 'closed';

interface Cell {
  state: CellState;
  label: string;
  /** "1/2": leaves appraised of those to appraise, where known. */
  progress: string;
}

function cellState(unit: BoardUnit, field: string): Cell {
  const rows = unit.fields.filter((f) => f.fieldCode === field).sort((a, b) => a.round - b.round);
  const latest = rows[rows.length - 1];
  const progress = latest?.total ? `${latest.appraised ?? 0}/${latest.total}` : '';
  if (unit.excluded || unit.phase === 'EXCLUDED') return { state: 'closed', label: 'Không đánh giá', progress: '' };
  if (!latest || latest.status === 'not_applicable') return { state: 'closed', label: 'Không có tiêu chí', progress: '' };
  if (unit.phase === 'SELF_ASSESSMENT' || unit.phase === 'SURVEY') return { state: 'waiting', label: 'Chưa đến lượt', progress: '' };
  if (unit.phase === 'DISPUTE') return { state: 'waiting', label: 'Đơn vị đang giải trình', progress };
  if (APPRAISAL_PHASES.has(unit.phase) && latest.status !== 'done') return { state: 'todo', label: `Cần thẩm định vòng ${latest.round}`, progress };
  return latest.status === 'done' ? { state: 'done', label: `Xong vòng ${latest.round}`, progress } : { state: 'closed', label: '—', progress: '' };
}

/** A unit's field the member does not appraise: a unit they belong to, or a field they substitute elsewhere only. */
function notMine(duty: CouncilDuty, unit: BoardUnit, field: string): Cell {
  if (duty.conflictUnits.includes(unit.unitCode) && duty.fields.includes(field)) return { state: 'closed', label: 'Xung đột lợi ích (thành viên thay thế thẩm định)', progress: '' };
  return { state: 'closed', label: '—', progress: '' };
}

export async function inboxView(ctx: Ctx): Promise<Node> {
  const year = Number(ctx.params.year);
  ctx.title(`Thẩm định năm ${year}`);
  const [duty, board] = await Promise.all([myDuty(year), loadBoard(year)]);
  // Columns: every field the member appraises for some unit; a unit they belong to goes to a substitute.
  const fields = fieldsOfDuty(duty);
  if (!fields.length) {
    return h('div', null, h('h1', null, `Thẩm định năm ${year}`), alertBox(`Bạn chưa được phân công lĩnh vực thẩm định nào trong năm ${year}. Liên hệ Sở Nội vụ.`, 'info'));
  }
  const fieldTitle = new Map<string, string>();
  for (const u of board.units) for (const f of u.fields) if (f.title && !fieldTitle.has(f.fieldCode)) fieldTitle.set(f.fieldCode, f.title);

  const onlyTodo = h('input', { type: 'checkbox', id: 'only-todo', props: { checked: true } });
  const search = h('input', { type: 'search', id: 'unit-search', placeholder: 'Tên hoặc mã đơn vị' });
  const tbody = h('tbody');
  const summary = h('p', { class: 'counts-line', role: 'status' });

  const rows = board.units.map((unit) => {
    const mine = fieldsToAppraise(duty, unit.unitCode);
    const cells = fields.map((field) => ({ field, ...(mine.includes(field) ? cellState(unit, field) : notMine(duty, unit, field)) }));
    const todo = cells.some((c) => c.state === 'todo');
    const deadline = unit.phaseDeadline && APPRAISAL_PHASES.has(unit.phase) ? countdown(unit.phaseDeadline) : null;
    const tr = h(
      'tr',
      { class: todo ? 'todo' : '' },
      h('th', { scope: 'row' }, unit.unitName, h('div', { class: 'muted small' }, unit.unitCode)),
      h('td', null, h('span', { class: `phase phase-${unit.phase}` }, unit.phaseLabel || PHASE_LABELS[unit.phase as Phase] || unit.phase)),
      h('td', { class: 'nowrap' }, deadline ? h('span', { class: `deadline${deadline.overdue ? ' overdue' : deadline.soon ? ' soon' : ''}` }, `${date(unit.phaseDeadline)} (${deadline.text})`) : '—'),
      cells.map((c) =>
        h(
          'td',
          null,
          c.state === 'todo' || c.state === 'done'
            ? h('a', { href: href('nam', year, 'tham-dinh', unit.unitCode, c.field), class: `chip ${c.state === 'done' ? 'done' : 'todo'}`, 'aria-label': `${c.label} lĩnh vực ${c.field}, ${unit.unitName}` }, c.label)
            : h('span', { class: 'chip pending' }, c.label),
          c.progress ? h('span', { class: 'muted small' }, ` ${c.progress} tiêu chí`) : null,
        ),
      ),
    );
    return { unit, tr, todo, cells };
  });

  function render(): void {
    const q = search.value.trim().toLocaleLowerCase('vi');
    const shown = rows.filter((r) => (!onlyTodo.checked || r.todo) && (!q || r.unit.unitName.toLocaleLowerCase('vi').includes(q) || r.unit.unitCode.toLowerCase().includes(q)));
    tbody.replaceChildren(...shown.map((r) => r.tr));
    if (!shown.length) tbody.append(h('tr', null, h('td', { colspan: 3 + fields.length }, onlyTodo.checked ? 'Không còn việc nào đang chờ bạn.' : 'Không có đơn vị nào.')));
    const todoCells = rows.reduce((n, r) => n + r.cells.filter((c) => c.state === 'todo').length, 0);
    const doneCells = rows.reduce((n, r) => n + r.cells.filter((c) => c.state === 'done').length, 0);
    summary.textContent = `Còn ${todoCells} lượt cần thẩm định (đơn vị × lĩnh vực); đã xong ${doneCells}.`;
  }
  onlyTodo.addEventListener('change', render);
  search.addEventListener('input', render);
  render();

  return h(
    'div',
    null,
    h('h1', null, `Thẩm định năm ${year}`),
    h('p', { class: 'subtitle' }, `Lĩnh vực được phân công: ${duty.fields.map((f) => `${f}. ${fieldTitle.get(f) ?? ''}`).join('; ') || '—'}`),
    duty.substituteFor.length ? h('p', { class: 'subtitle' }, `Thẩm định thay: ${duty.substituteFor.map((s) => `${s.unitCode} — lĩnh vực ${s.fieldCode}`).join('; ')}`) : null,
    duty.conflictUnits.length ? h('p', { class: 'muted' }, `Không thẩm định (xung đột lợi ích): ${duty.conflictUnits.join(', ')}`) : null,
    summary,
    h(
      'div',
      { class: 'toolbar' },
      h('div', { class: 'field' }, h('label', { for: 'unit-search' }, 'Tìm đơn vị'), search),
      h('div', { class: 'check' }, onlyTodo, h('label', { for: 'only-todo' }, 'Chỉ hiện đơn vị còn việc phải thẩm định')),
    ),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'data' },
        h('caption', null, 'Đơn vị và lĩnh vực cần thẩm định'),
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Đơn vị'), h('th', { scope: 'col' }, 'Giai đoạn'), h('th', { scope: 'col' }, 'Hạn thẩm định'), fields.map((f) => h('th', { scope: 'col', title: fieldTitle.get(f) ?? '' }, `Lĩnh vực ${f}`)))),
        tbody,
      ),
    ),
  );
}
