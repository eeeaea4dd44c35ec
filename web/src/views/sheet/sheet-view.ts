import { isLeaf, type CriteriaNode, type GroupNode } from '../../../../domain/criteria/types';
import { formatPoints } from '../../../../domain/decimal';
import { isSelfScoringOpen, PHASE_LABELS, type Phase } from '../../../../domain/phases';
import { isUnitRole } from '../../../../domain/roles';
import { api, newIdempotencyKey, request } from '../../lib/api';
import type { Ctx } from '../../lib/context';
import { fieldsOf, isSelfScored, leavesOf } from '../../lib/criteria';
import { formDialog } from '../../lib/dialog';
import { h } from '../../lib/dom';
import { countdown, date, dateTime, toH } from '../../lib/format';
import { alertBox, errorText, notify } from '../../lib/notify';
import { href } from '../../lib/router';
import { isFlagged } from '../../lib/dispute';
import { loadAssessment, loadSheet, loadSheetTotals, unitPath } from '../../lib/sheet-data';
import type { LeafRecord } from '../../lib/types';
import { leafCard, type LeafCard } from './leaf-card';

/**
 * The unit's score sheet (hồ sơ tự đánh giá): fields as tabs, each with its criteria and
 * sub-criteria; progress and the deadline always in view; every change saved per leaf; the head
 * submits once everything is in. Other roles see the same sheet read-only.
 */
export async function sheetView(ctx: Ctx): Promise<Node> {
  const year = ctx.params.year!;
  const unitCode = ctx.params.unit!;
  const session = ctx.session!;
  const { assessment, set } = await loadSheet(year, unitCode);
  ctx.title(`Hồ sơ ${assessment.unitName} năm ${year}`);

  const phase = assessment.phase as Phase;
  const isUnit = isUnitRole(session.user.role);
  const open = assessment.editable ?? isSelfScoringOpen(phase, Boolean(assessment.submittedAt));
  const editable = isUnit && open;
  const explaining = isUnit && phase === 'DISPUTE';
  const flagged = assessment.leaves.filter(isFlagged);
  const records = new Map<string, LeafRecord>(assessment.leaves.map((l) => [l.leafCode, l]));
  const fields = fieldsOf(set);
  const cards: LeafCard[] = [];
  const fieldTabs = new Map<string, { tab: HTMLElement; progress: HTMLElement }>();

  // Header: unit, phase, deadline, progress, totals.
  const progressBar = h('progress', { max: 1, value: 0, 'aria-labelledby': 'progress-label' });
  const progressText = h('span', { id: 'progress-label' });
  const totalText = h('span');
  const dirtyText = h('span', { class: 'dirty-count', role: 'status' });
  const saveAll = h('button', { type: 'button', class: 'btn primary', hidden: !editable, on: { click: () => void saveEverything() } }, 'Lưu tất cả');
  const submitButton = h('button', { type: 'button', class: 'btn accent', hidden: !(editable && session.user.role === 'unit_head'), on: { click: () => void submit() } }, 'Nộp hồ sơ tự đánh giá');

  const deadlineIso = phase === 'SELF_ASSESSMENT' ? (assessment.phaseDeadline ?? null) : null;
  const deadline = deadlineIso ? countdown(deadlineIso) : null;

  // The unit's totals and counts are the server's, exactly as its score sheet reads them.
  let totalsAsked = 0;
  async function refreshTotals(): Promise<void> {
    const asked = ++totalsAsked;
    try {
      const sheet = await loadSheetTotals(year, unitCode);
      if (asked !== totalsAsked) return;
      progressBar.max = Math.max(1, sheet.counts.scorable);
      progressBar.value = sheet.counts.scored;
      progressText.textContent = `Đã chấm ${sheet.counts.scored}/${sheet.counts.scorable} tiêu chí thành phần tự chấm`;
      totalText.textContent = `Tổng điểm: ${formatPoints(toH(sheet.points))}/${formatPoints(toH(sheet.max))} điểm (như bảng điểm)`;
    } catch {
      // The last figures stay; the score sheet itself reports the error.
    }
  }

  function refreshProgress(): void {
    const selfLeaves = cards.filter((c) => isSelfScored(c.leaf));
    for (const field of fields) {
      const entry = fieldTabs.get(field.code);
      if (!entry) continue;
      const own = selfLeaves.filter((c) => c.leaf.code.startsWith(`${field.code}.`));
      const fieldDone = own.filter((c) => c.done()).length;
      const fieldDirty = own.some((c) => c.dirty());
      entry.progress.textContent = own.length ? `${fieldDone}/${own.length}${fieldDirty ? ' • chưa lưu' : ''}` : 'không tự chấm';
      entry.tab.classList.toggle('complete', own.length > 0 && fieldDone === own.length);
    }
    const dirty = cards.filter((c) => c.dirty()).length;
    // Only a real change of the message reaches the live region, not every keystroke.
    const message = dirty ? `${dirty} tiêu chí có thay đổi chưa lưu` : editable ? 'Mọi thay đổi đã được lưu' : '';
    if (dirtyText.textContent !== message) dirtyText.textContent = message;
    dirtyText.classList.toggle('clean', dirty === 0);
    saveAll.disabled = dirty === 0;
  }

  const onChange = () => refreshProgress();
  const onSaved = (record: LeafRecord) => {
    records.set(record.leafCode, record);
    refreshProgress();
    void refreshTotals();
  };

  // One panel per field; only the chosen one is shown.
  const panels = new Map<string, HTMLElement>();
  const renderNode = (node: CriteriaNode, depth: number): Node => {
    if (isLeaf(node)) {
      const card = leafCard(node, records.get(node.code) ?? null, { year, unitCode, editable, evidenceEditable: editable, explaining, onChange, onSaved });
      cards.push(card);
      return card.element;
    }
    const heading = depth === 2 ? 'h3' : 'h4';
    return h(
      'section',
      { class: `criterion depth-${depth}`, 'aria-label': `Tiêu chí ${node.code}` },
      h(heading, null, h('span', { class: 'code' }, node.code), ' ', node.title, h('span', { class: 'max' }, ` (tối đa ${formatPoints(node.max)} điểm)`)),
      node.children.map((c) => renderNode(c, depth + 1)),
    );
  };
  for (const field of fields) {
    panels.set(
      field.code,
      h(
        'section',
        { class: 'field-panel', id: `panel-${field.code}`, role: 'tabpanel', 'aria-labelledby': `tab-${field.code}`, hidden: true },
        h('h2', null, field.adjustment ? '' : `Lĩnh vực ${field.code}. `, field.title, h('span', { class: 'max' }, ` — tối đa ${formatPoints(field.max)} điểm`)),
        editable && !field.adjustment && leavesOf(field).some(isSelfScored) ? fieldApplicability(field) : null,
        field.children.map((c) => renderNode(c, 2)),
      ),
    );
  }

  /**
   * A whole field that does not concern the unit (e.g. no administrative procedures): marked in one
   * step. Unsaved edits are saved first; the write carries the sheet's ETag, read fresh, after
   * checking that nobody else changed a leaf of this field since the page was opened.
   */
  function fieldApplicability(field: GroupNode): HTMLElement {
    const own = leavesOf(field).filter(isSelfScored);
    const allNA = own.every((l) => records.get(l.code)?.notApplicable);
    const button = h('button', { type: 'button', class: 'btn secondary small' }, allNA ? 'Bỏ đánh dấu “không áp dụng” cho cả lĩnh vực' : 'Cả lĩnh vực không áp dụng đối với đơn vị');
    button.addEventListener('click', () => void toggle());
    async function toggle(): Promise<void> {
      if (!(await saveEverything())) return;
      const form = await formDialog(
        allNA ? `Áp dụng lại lĩnh vực ${field.code}` : `Lĩnh vực ${field.code} không áp dụng`,
        [
          h('p', null, allNA ? `Mọi tiêu chí tự chấm của lĩnh vực ${field.code} sẽ được tính lại vào điểm tối đa của đơn vị.` : `Mọi tiêu chí tự chấm của lĩnh vực ${field.code} (${own.length} tiêu chí) sẽ không tính vào điểm và điểm tối đa của đơn vị. Hội đồng thẩm định sẽ xem xét lý do.`),
          h('div', { class: 'field' }, h('label', { for: 'na-note' }, allNA ? 'Ghi chú (không bắt buộc)' : 'Lý do không áp dụng'), h('textarea', { id: 'na-note', name: 'note', rows: 3, maxlength: 4000, required: !allNA })),
        ],
        allNA ? 'Áp dụng lại' : 'Đánh dấu không áp dụng',
        (f) => (!allNA && !(f.elements.namedItem('note') as HTMLTextAreaElement).value.trim() ? 'Cần nêu lý do không áp dụng.' : null),
      );
      if (!form) return;
      button.disabled = true;
      try {
        const fresh = await loadAssessment(year, unitCode);
        const changedByOthers = fresh.assessment.leaves.filter((l) => l.leafCode.startsWith(`${field.code}.`) && (records.get(l.leafCode)?.version ?? 0) !== l.version);
        if (changedByOthers.length) {
          notify(`Tiêu chí ${changedByOthers.map((l) => l.leafCode).join(', ')} vừa được người khác cập nhật; trang được tải lại để bạn xem trước khi đánh dấu.`, 'error');
          return ctx.router.refresh();
        }
        const note = String(form.get('note') ?? '').trim();
        await request('PUT', `${unitPath(year, unitCode)}/fields/${encodeURIComponent(field.code)}/not-applicable`, {
          body: { notApplicable: !allNA, ...(note ? { note } : {}) },
          ifMatch: fresh.etag ?? '*',
        });
        notify(allNA ? `Lĩnh vực ${field.code} được áp dụng lại.` : `Đã đánh dấu lĩnh vực ${field.code} không áp dụng.`);
        ctx.router.refresh();
      } catch (error) {
        notify(errorText(error), 'error');
        button.disabled = false;
      }
    }
    return h('p', { class: 'field-actions' }, button);
  }

  // Tabs: arrow keys move between fields (WAI-ARIA tabs pattern).
  const tabList = h('div', { class: 'field-tabs', role: 'tablist', 'aria-label': 'Danh sách lĩnh vực', 'aria-orientation': 'vertical' });
  // The field being worked on survives a reload of the screen.
  const fieldKey = `chi-so-cchc.field:${year}/${unitCode}`;
  const select = (code: string, focus = false) => {
    sessionStorage.setItem(fieldKey, code);
    for (const [c, panel] of panels) panel.hidden = c !== code;
    for (const [c, { tab }] of fieldTabs) {
      tab.setAttribute('aria-selected', String(c === code));
      tab.tabIndex = c === code ? 0 : -1;
      if (c === code && focus) tab.focus();
    }
    fieldSelect.value = code;
  };
  const fieldSelect = h('select', { id: 'field-select', on: { change: () => select(fieldSelect.value) } });
  for (const field of fields) {
    const progress = h('span', { class: 'tab-progress' });
    const tab = h(
      'button',
      { type: 'button', role: 'tab', id: `tab-${field.code}`, 'aria-controls': `panel-${field.code}`, class: 'field-tab', on: { click: () => select(field.code) } },
      h('span', { class: 'tab-title' }, field.adjustment ? field.title : `${field.code}. ${field.title}`),
      progress,
    );
    tab.addEventListener('keydown', (event) => {
      const codes = fields.map((f) => f.code);
      const i = codes.indexOf(field.code);
      const next = event.key === 'ArrowDown' || event.key === 'ArrowRight' ? codes[(i + 1) % codes.length] : event.key === 'ArrowUp' || event.key === 'ArrowLeft' ? codes[(i - 1 + codes.length) % codes.length] : event.key === 'Home' ? codes[0] : event.key === 'End' ? codes[codes.length - 1] : undefined;
      if (next) {
        event.preventDefault();
        select(next, true);
      }
    });
    fieldTabs.set(field.code, { tab, progress });
    tabList.append(tab);
    fieldSelect.append(h('option', { value: field.code }, field.adjustment ? field.title : `${field.code}. ${field.title}`));
  }

  // "Only what is left" filter for the night before the deadline.
  const onlyTodo = h('input', { type: 'checkbox', id: 'only-todo' });
  onlyTodo.addEventListener('change', () => {
    for (const card of cards) card.element.hidden = onlyTodo.checked && (!isSelfScored(card.leaf) || card.done()) && !card.dirty();
    for (const panel of panels.values()) {
      for (const section of panel.querySelectorAll<HTMLElement>('section.criterion')) {
        section.hidden = onlyTodo.checked && !section.querySelector('article.leaf:not([hidden])');
      }
    }
  });

  async function saveEverything(): Promise<boolean> {
    const dirty = cards.filter((c) => c.dirty());
    let failed = 0;
    for (const card of dirty) if (!(await card.save())) failed += 1;
    refreshProgress();
    void refreshTotals();
    if (failed) {
      notify(`${failed} tiêu chí chưa lưu được; xem thông báo ở từng tiêu chí.`, 'error');
      const first = dirty.find((c) => c.dirty());
      if (first) {
        select(first.leaf.code.split('.')[0]!);
        first.element.scrollIntoView({ block: 'center' });
      }
      return false;
    }
    if (dirty.length) notify(`Đã lưu ${dirty.length} tiêu chí.`);
    return true;
  }

  async function submit(): Promise<void> {
    if (!(await saveEverything())) return;
    const missing = cards.filter((c) => isSelfScored(c.leaf) && !c.done());
    const form = await formDialog(
      'Nộp hồ sơ tự đánh giá',
      [
        h('p', null, `Sau khi nộp, đơn vị không sửa được điểm tự chấm và tài liệu kiểm chứng; hồ sơ chuyển sang Hội đồng thẩm định.`),
        missing.length
          ? alertBox(`Còn ${missing.length} tiêu chí thành phần chưa chấm (${missing.slice(0, 8).map((c) => c.leaf.code).join(', ')}${missing.length > 8 ? '…' : ''}); các tiêu chí này sẽ được tính 0 điểm.`, 'warn')
          : alertBox('Đã chấm đủ mọi tiêu chí thành phần tự chấm.', 'ok'),
        h(
          'div',
          { class: 'check' },
          h('input', { type: 'checkbox', id: 'honest', name: 'honest', required: true }),
          h('label', { for: 'honest' }, 'Tôi xác nhận số liệu, tài liệu kiểm chứng và điểm tự chấm là trung thực, và chịu trách nhiệm về nội dung hồ sơ.'),
        ),
      ],
      'Nộp hồ sơ',
      (f) => ((f.elements.namedItem('honest') as HTMLInputElement).checked ? null : 'Cần xác nhận tính trung thực của hồ sơ trước khi nộp.'),
    );
    if (!form) return;
    submitButton.disabled = true;
    try {
      const result = await api.post<{ submittedAt: string; late: boolean }>(`/years/${year}/units/${encodeURIComponent(unitCode)}/submit`, {}, { idempotencyKey: newIdempotencyKey() });
      notify(`Đã nộp hồ sơ lúc ${dateTime(result.submittedAt)}${result.late ? ' (quá hạn)' : ''}.`);
      ctx.router.refresh();
    } catch (error) {
      notify(errorText(error), 'error');
      submitButton.disabled = false;
    }
  }

  ctx.guard(() => cards.some((c) => c.dirty()));
  // Ctrl+S saves everything; the handler leaves with the screen.
  const keyHandler = (event: KeyboardEvent) => {
    if (!view.isConnected) return document.removeEventListener('keydown', keyHandler);
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's' && editable) {
      event.preventDefault();
      void saveEverything();
    }
  };
  document.addEventListener('keydown', keyHandler);

  const statusLine = (): Node[] => {
    const parts: Node[] = [h('span', { class: `phase phase-${phase}` }, assessment.phaseLabel ?? PHASE_LABELS[phase] ?? phase)];
    if (assessment.submittedAt) parts.push(h('span', null, `Đã nộp lúc ${dateTime(assessment.submittedAt)}${assessment.late ? ' (quá hạn)' : ''}`));
    if (deadline && deadlineIso && open) {
      parts.push(h('span', { class: `deadline${deadline.overdue ? ' overdue' : deadline.soon ? ' soon' : ''}` }, `Hạn nộp: ${date(deadlineIso)} (${deadline.text})`));
    }
    if (assessment.excluded) parts.push(h('span', { class: 'phase phase-EXCLUDED' }, `Không đánh giá, xếp hạng${assessment.exclusionReason ? `: ${assessment.exclusionReason}` : ''}`));
    return parts;
  };

  /** What the council asked the unit to explain, with the window's end, and a way to each leaf. */
  function explainNotice(): HTMLElement {
    const waiting = flagged.filter((l) => !l.explanation);
    const dl = assessment.phaseDeadline ? countdown(assessment.phaseDeadline) : null;
    return h(
      'div',
      { class: 'alert warn', role: 'status' },
      h('p', null, h('strong', null, `Hội đồng thẩm định yêu cầu giải trình ${flagged.length} tiêu chí`), dl && assessment.phaseDeadline ? `; hạn giải trình: ${date(assessment.phaseDeadline)} (${dl.text}).` : '.'),
      h('p', null, waiting.length ? `Còn ${waiting.length} tiêu chí chưa giải trình: ` : 'Đơn vị đã giải trình đủ các tiêu chí. ', waiting.map((l, i) => [i ? ', ' : '', h(
          'a',
          {
            href: `#leaf-${l.leafCode}`,
            on: {
              click: (e) => {
                e.preventDefault();
                goToLeaf(l.leafCode);
              },
            },
          },
          l.leafCode,
        )])),
    );
  }
  function goToLeaf(code: string): void {
    select(code.split('.')[0]!);
    const card = cards.find((c) => c.leaf.code === code);
    card?.element.scrollIntoView({ block: 'center' });
    card?.element.querySelector<HTMLElement>('textarea, input')?.focus({ preventScroll: true });
  }

  const remembered = sessionStorage.getItem(fieldKey);
  const firstField = remembered && panels.has(remembered) ? remembered : (fields[0]?.code ?? '');
  const view = h(
    'div',
    { class: 'sheet' },
    h(
      'div',
      { class: 'page-head' },
      h('div', null, h('h1', null, `Hồ sơ tự đánh giá năm ${year}`), h('p', { class: 'subtitle' }, assessment.unitName, set.sample ? h('span', { class: 'badge warn' }, 'Bộ tiêu chí mẫu') : null)),
      h('p', { class: 'status-line' }, statusLine()),
    ),
    !isUnit ? alertBox('Bạn đang xem hồ sơ của đơn vị ở chế độ chỉ đọc.', 'info') : !open ? alertBox('Hồ sơ đã nộp hoặc đã khóa; điểm tự chấm không sửa được nữa.', 'info') : null,
    explaining && flagged.length ? explainNotice() : null,
    h(
      'div',
      { class: 'sheet-bar', role: 'region', 'aria-label': 'Tiến độ và lưu' },
      h('div', { class: 'progress' }, progressText, progressBar, totalText),
      h('div', { class: 'bar-actions' }, dirtyText, saveAll, submitButton, editable && session.user.role === 'unit_officer' ? h('span', { class: 'muted small' }, 'Thủ trưởng đơn vị nộp hồ sơ khi đã chấm xong.') : null, h('a', { class: 'btn secondary', href: href('nam', year, 'don-vi', unitCode, 'bang-diem') }, 'Bảng điểm'), h('a', { class: 'btn secondary', href: href('nam', year, 'don-vi', unitCode, 'dong-thoi-gian') }, 'Dòng thời gian')),
    ),
    h(
      'div',
      { class: 'sheet-layout' },
      h(
        'nav',
        { class: 'field-nav', 'aria-label': 'Các lĩnh vực' },
        h('div', { class: 'field-select' }, h('label', { for: 'field-select' }, 'Chọn lĩnh vực'), fieldSelect),
        tabList,
        h('div', { class: 'check filter' }, onlyTodo, h('label', { for: 'only-todo' }, 'Chỉ hiện tiêu chí chưa chấm')),
      ),
      h('div', { class: 'field-panels' }, [...panels.values()]),
    ),
  );
  select(firstField);
  refreshProgress();
  void refreshTotals();
  return view;
}
