import { canExclude, isExtendable, isPhase, PHASE_LABELS, PHASES, type Phase } from '../../../../domain/phases';
import { api } from '../../lib/api';
import { loadBoard } from '../../lib/board';
import type { Ctx } from '../../lib/context';
import { h } from '../../lib/dom';
import { countdown, date, dateTime } from '../../lib/format';
import { alertBox } from '../../lib/notify';
import { href } from '../../lib/router';
import type { Board, BoardField, BoardUnit } from '../../lib/types';
import { YEAR_STATUS_LABELS } from '../../lib/years';
import { extendDeadline, excludeUnit } from './oversight';

/**
 * The status board (bảng theo dõi) of Sở Nội vụ: every unit of the year with its phase, deadline,
 * lateness and per-field appraisal progress; filters by group, phase and overdue; counts per phase;
 * each row links to the unit's sheet, its timeline and its workflow in the Temporal UI, and Sở Nội
 * vụ can extend a deadline or exclude a unit from there.
 */

interface Group {
  code: string;
  name: string;
}

const FIELD_STATUS: Record<string, string> = { not_started: 'chưa bắt đầu', pending: 'đang thẩm định', done: 'đã xong', not_applicable: 'không áp dụng' };

/** The latest round of each field: "LV1 ✓", "LV2 3/5", "LV3 –". */
function fieldChips(unit: BoardUnit): Node {
  const latest = new Map<string, BoardField>();
  for (const f of unit.fields) {
    const seen = latest.get(f.fieldCode);
    if (!seen || f.round >= seen.round) latest.set(f.fieldCode, f);
  }
  const shown = [...latest.values()].filter((f) => f.status !== 'not_applicable');
  // Before appraisal starts every field is "not started": say nothing rather than eight dashes.
  if (!shown.length || shown.every((f) => f.status === 'not_started')) return h('span', { class: 'muted' }, '—');
  return h(
    'span',
    { class: 'field-chips' },
    shown.map((f) => {
      const mark = f.status === 'done' ? ' ✓' : f.status === 'pending' && f.total ? ` ${f.appraised ?? 0}/${f.total}` : ' –';
      const who = f.appraisers?.length ? `; phụ trách: ${f.appraisers.join(', ')}` : '';
      return h(
        'span',
        { class: `chip ${f.status === 'done' ? 'done' : f.status === 'pending' ? 'todo' : 'pending'}`, title: `Lĩnh vực ${f.fieldCode}${f.title ? ` (${f.title})` : ''}, vòng ${f.round}: ${FIELD_STATUS[f.status] ?? f.status}${who}` },
        `LV${f.fieldCode}${f.round > 1 ? ` v${f.round}` : ''}${mark}`,
      );
    }),
  );
}

export async function boardView(ctx: Ctx): Promise<Node> {
  const year = Number(ctx.params.year);
  const role = ctx.session!.user.role;
  const canAct = role === 'secretariat';
  ctx.title(`Bảng theo dõi năm ${year}`);
  const groups = await api.get<{ items: Group[] } | Group[]>('/unit-groups').then((b) => (Array.isArray(b) ? b : b.items)).catch(() => [] as Group[]);

  const groupSelect = h('select', { id: 'f-group' }, h('option', { value: '' }, 'Tất cả nhóm'), groups.map((g) => h('option', { value: g.code }, g.name)));
  const phaseSelect = h('select', { id: 'f-phase' }, h('option', { value: '' }, 'Tất cả giai đoạn'), PHASES.map((p) => h('option', { value: p }, PHASE_LABELS[p])));
  const overdue = h('input', { type: 'checkbox', id: 'f-overdue' });
  const search = h('input', { type: 'search', id: 'f-search', placeholder: 'Tên hoặc mã đơn vị' });
  const counts = h('div', { class: 'counts', role: 'group', 'aria-label': 'Tổng hợp số đơn vị' });
  const tableHolder = h('div', { class: 'table-wrap' });
  const note = h('p', { class: 'muted small', role: 'status' });
  let board: Board | null = null;

  async function load(): Promise<void> {
    note.textContent = 'Đang tải…';
    try {
      board = await loadBoard(year, { group: groupSelect.value, phase: phaseSelect.value, overdue: overdue.checked ? 'true' : '' });
      render();
    } catch (error) {
      tableHolder.replaceChildren(alertBox(error instanceof Error ? error.message : 'Không tải được bảng theo dõi.'));
      note.textContent = '';
    }
  }

  function render(): void {
    if (!board) return;
    const q = search.value.trim().toLocaleLowerCase('vi');
    const units = board.units.filter((u) => !q || u.unitName.toLocaleLowerCase('vi').includes(q) || u.unitCode.toLowerCase().includes(q));
    // Counts are for the whole year, whatever the filters.
    const c = board.counts ?? {};
    const card = (n: number | undefined, label: string, extra = '') => h('div', { class: `count-card${extra}` }, h('strong', null, String(n ?? 0)), label);
    counts.replaceChildren(
      card(c.total, 'đơn vị'),
      ...PHASES.filter((p) => (c[p] ?? 0) > 0).map((p) => card(c[p], PHASE_LABELS[p])),
      card(c.submitted, 'đã nộp hồ sơ'),
      card(c.late, 'nộp muộn', c.late ? ' overdue' : ''),
      card(c.overdue, 'đang quá hạn', c.overdue ? ' overdue' : ''),
    );
    if (c.excluded) counts.append(card(c.excluded, 'bị loại', ' overdue'));
    const groupName = new Map(groups.map((g) => [g.code, g.name]));
    /** A heading row before each unit group (units come ordered by group). */
    const withGroupRows = (list: BoardUnit[], trs: HTMLElement[]): HTMLElement[] =>
      trs.flatMap((tr, i) => {
        const code = list[i]!.groupCode;
        if (i > 0 && list[i - 1]!.groupCode === code) return [tr];
        const count = list.filter((u) => u.groupCode === code).length;
        return [h('tr', { class: 'group-row' }, h('th', { scope: 'colgroup', colspan: 7 }, `${list[i]!.groupName ?? groupName.get(code) ?? code} (${count})`)), tr];
      });
    const rows = units.map((u) => {
      const dl = u.phaseDeadline ? countdown(u.phaseDeadline) : null;
      return h(
        'tr',
        { class: u.overdue ? 'is-overdue' : '', 'data-unit': u.unitCode },
        h('th', { scope: 'row' }, h('a', { href: href('nam', year, 'don-vi', u.unitCode) }, u.unitName), h('div', { class: 'muted small' }, u.unitCode)),
        h('td', null, h('span', { class: `phase phase-${u.phase}` }, u.phaseLabel || PHASE_LABELS[u.phase as Phase] || u.phase), u.excluded ? h('div', { class: 'small overdue' }, 'Bị loại') : null),
        h('td', { class: 'nowrap' }, u.phaseDeadline ? date(u.phaseDeadline) : '—', dl && !['PUBLISHED', 'EXCLUDED', 'RANKING'].includes(u.phase) ? h('div', { class: `small deadline${u.overdue ? ' overdue' : dl.soon ? ' soon' : ''}` }, dl.text) : null),
        h('td', { class: 'nowrap' }, u.submittedAt ? dateTime(u.submittedAt) : '—', u.late ? h('div', { class: 'small overdue' }, 'Nộp muộn / khóa khi hết hạn') : null),
        h('td', { class: 'nowrap' }, u.scorable !== undefined ? `${u.scored ?? 0}/${u.scorable}` : '—', u.evidence !== undefined ? h('div', { class: 'muted small' }, `${u.evidence} tài liệu`) : null),
        h('td', null, fieldChips(u)),
        h(
          'td',
          { class: 'row-actions' },
          h('a', { href: href('nam', year, 'don-vi', u.unitCode, 'dong-thoi-gian') }, 'Dòng thời gian'),
          ' · ',
          h('a', { href: u.workflowUrl, target: '_blank', rel: 'noopener noreferrer', 'aria-label': `Quy trình của ${u.unitName} trên Temporal (mở thẻ mới)` }, 'Temporal ↗'),
          canAct ? oversightActions(u) : null,
        ),
      );
    });
    tableHolder.replaceChildren(
      h(
        'table',
        { class: 'data board' },
        h('caption', null, `Năm ${year} — ${YEAR_STATUS_LABELS[board.status] ?? board.status}; đang hiện ${units.length}/${board.counts?.total ?? board.units.length} đơn vị`),
        h(
          'thead',
          null,
          h('tr', null, ['Đơn vị', 'Giai đoạn', 'Hạn của giai đoạn', 'Nộp hồ sơ', 'Tự chấm', 'Thẩm định theo lĩnh vực', 'Thao tác'].map((t) => h('th', { scope: 'col' }, t))),
        ),
        h('tbody', null, rows.length ? withGroupRows(units, rows) : h('tr', null, h('td', { colspan: 7 }, 'Không có đơn vị nào khớp bộ lọc.'))),
      ),
    );
    note.textContent = `Cập nhật lúc ${dateTime(new Date().toISOString())}.`;
  }

  /** Extension only where the phase runs against the unit's own deadline; exclusion once it has submitted (domain/phases). */
  function oversightActions(u: BoardUnit): (Node | string)[] {
    const actions: (Node | string)[] = [];
    if (isPhase(u.phase) && isExtendable(u.phase) && !u.excluded) {
      actions.push(h('button', { type: 'button', class: 'link', on: { click: () => void extendDeadline(year, u).then(async (done) => (done ? load() : undefined)) } }, 'Gia hạn'));
    }
    if (isPhase(u.phase) && canExclude(u.phase)) {
      if (actions.length) actions.push(' · ');
      actions.push(h('button', { type: 'button', class: 'link danger', on: { click: () => void excludeUnit(year, u).then(async (done) => (done ? load() : undefined)) } }, 'Loại khỏi xếp hạng'));
    }
    return actions.length ? [h('br'), ...actions] : [];
  }

  for (const el of [groupSelect, phaseSelect, overdue]) el.addEventListener('change', () => void load());
  search.addEventListener('input', render);
  await load();

  return h(
    'div',
    null,
    h('div', { class: 'page-head' }, h('h1', null, `Bảng theo dõi năm ${year}`), h('button', { type: 'button', class: 'btn secondary', on: { click: () => void load() } }, 'Tải lại')),
    counts,
    h(
      'form',
      { class: 'toolbar', role: 'search', 'aria-label': 'Lọc đơn vị', on: { submit: (e) => e.preventDefault() } },
      h('div', { class: 'field' }, h('label', { for: 'f-group' }, 'Nhóm đơn vị'), groupSelect),
      h('div', { class: 'field' }, h('label', { for: 'f-phase' }, 'Giai đoạn'), phaseSelect),
      h('div', { class: 'field' }, h('label', { for: 'f-search' }, 'Tìm đơn vị'), search),
      h('div', { class: 'check' }, overdue, h('label', { for: 'f-overdue' }, 'Chỉ đơn vị quá hạn')),
    ),
    tableHolder,
    note,
  );
}
