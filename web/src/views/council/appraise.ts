import type { GroupNode, LeafNode } from '../../../../domain/criteria/types';
import { formatPoints } from '../../../../domain/decimal';
import { PHASE_LABELS, type Phase } from '../../../../domain/phases';
import { api, newIdempotencyKey } from '../../lib/api';
import type { Ctx } from '../../lib/context';
import { fieldsOf, isSelfScored, leavesOf, ruleLines } from '../../lib/criteria';
import { confirmAction } from '../../lib/dialog';
import { h, uid } from '../../lib/dom';
import { countdown, date, fromH, points, toH } from '../../lib/format';
import { alertBox, errorText, notify } from '../../lib/notify';
import { href } from '../../lib/router';
import { decideDispute, DISPUTE_RESULT_LABELS, isDecided, isFlagged, type DisputeResult } from '../../lib/dispute';
import { loadAssessment, loadSheet, savedEntry } from '../../lib/sheet-data';
import type { AssessmentRecord, LeafRecord } from '../../lib/types';
import { entryControl } from '../shared/leaf-entry';
import { evidencePanel, supplementaryEvidence } from '../sheet/evidence';
import { leafHead, leafRules } from '../shared/leaf-parts';

/**
 * A council member appraises one field of one unit: for each self-scored leaf the unit's entry,
 * note and evidence, then a decision — accept, adjust (under the leaf's own rule, with a reason) or
 * ask the unit to explain. When every leaf is decided, the field is closed for the round.
 */

/** One possible decision: whether it takes a score under the leaf's rule, and whether it needs a reason. */
interface Choice {
  value: string;
  label: string;
  score: 'none' | 'required' | 'optional';
  scoreLabel?: string;
  reason: 'required' | 'optional' | 'withScore';
}

const ROUND1: Choice[] = [
  { value: 'accept', label: 'Chấp nhận điểm tự chấm', score: 'none', reason: 'optional' },
  { value: 'adjust', label: 'Điều chỉnh điểm', score: 'required', scoreLabel: 'Điểm thẩm định theo quy tắc của tiêu chí', reason: 'required' },
  { value: 'explain', label: 'Yêu cầu đơn vị giải trình', score: 'optional', scoreLabel: 'Điểm tạm tính trong khi chờ giải trình (không bắt buộc)', reason: 'required' },
];

const ROUND2: Choice[] = [
  { value: 'upheld', label: DISPUTE_RESULT_LABELS.upheld, score: 'optional', scoreLabel: 'Điểm sau giải trình (để trống: giữ điểm tự chấm)', reason: 'withScore' },
  { value: 'rejected', label: DISPUTE_RESULT_LABELS.rejected, score: 'none', reason: 'required' },
  { value: 'explain', label: DISPUTE_RESULT_LABELS.explain, score: 'none', reason: 'required' },
];

const ROUND1_DONE: Record<string, string> = { accept: 'Chấp nhận điểm tự chấm', adjust: 'Điều chỉnh điểm', explain: 'Yêu cầu đơn vị giải trình' };

export async function appraiseView(ctx: Ctx): Promise<Node> {
  const year = ctx.params.year!;
  const unitCode = ctx.params.unit!;
  const fieldCode = ctx.params.field!;
  const { assessment: initial, set } = await loadSheet(year, unitCode);
  let assessment: AssessmentRecord = initial;
  const field = fieldsOf(set).find((f) => f.code === fieldCode);
  ctx.title(`Thẩm định lĩnh vực ${fieldCode} – ${assessment.unitName}`);
  if (!field) throw new Error(`Không có lĩnh vực ${fieldCode}`);
  const phase = assessment.phase as Phase;
  const round = phase === 'FINAL_APPRAISAL' ? 2 : 1;
  const open = phase === 'APPRAISAL' || phase === 'FINAL_APPRAISAL';
  const choices = round === 2 ? ROUND2 : ROUND1;
  const records = () => new Map(assessment.leaves.map((l) => [l.leafCode, l]));
  // Round 2 decides only the leaves flagged for explanation; round 1 appraises every self-scored leaf.
  const leaves = leavesOf(field).filter((l) => isSelfScored(l) && (round === 1 || isFlagged(records().get(l.code))));
  const decided = (r: LeafRecord | undefined) => (round === 2 ? isDecided(r) : Boolean(r?.appraisalAction));

  const progress = h('p', { role: 'status', class: 'counts-line' });
  const finish = h('button', { type: 'button', class: 'btn accent', hidden: !open }, `Hoàn thành thẩm định lĩnh vực ${fieldCode}`);
  const acceptRest = h('button', { type: 'button', class: 'btn secondary', hidden: !open || round === 2 }, 'Chấp nhận các tiêu chí còn lại');
  const cards = new Map<string, { element: HTMLElement; refresh: () => void }>();

  function refreshProgress(): void {
    const map = records();
    const done = leaves.filter((l) => decided(map.get(l.code))).length;
    progress.textContent = round === 2 ? `Đã quyết định ${done}/${leaves.length} tiêu chí được giải trình.` : `Đã thẩm định ${done}/${leaves.length} tiêu chí thành phần của lĩnh vực.`;
    finish.disabled = done < leaves.length;
    acceptRest.disabled = done === leaves.length;
  }

  async function reload(): Promise<void> {
    assessment = (await loadAssessment(year, unitCode)).assessment;
    for (const card of cards.values()) card.refresh();
    refreshProgress();
  }

  function leafBlock(leaf: LeafNode): HTMLElement {
    const titleId = uid('t');
    const state = h('div', { class: 'decision-state', role: 'status' });
    const self = h('div', { class: 'self-view' });
    // Loaded once per leaf; shown beside the unit's explanation in round 2.
    const supplementary = round === 2 ? supplementaryEvidence({ year, unitCode, leafCode: leaf.code }) : null;
    const actionName = uid('action');
    const radios = choices.map((c) => h('input', { type: 'radio', name: actionName, value: c.value, id: uid('a') }));
    const choiceOf = () => choices.find((c) => c.value === radios.find((r) => r.checked)?.value);
    const adjust = entryControl(leaf, null, { legend: 'Điểm theo quy tắc của tiêu chí', onChange: () => undefined });
    const legend = adjust.element.querySelector('legend')!;
    const reasonId = uid('reason');
    const reason = h('textarea', { id: reasonId, rows: 2, maxlength: 2000 });
    const reasonWrap = h('div', { class: 'field' }, h('label', { for: reasonId }, 'Lý do'), reason);
    const submit = h('button', { type: 'button', class: 'btn primary small' }, 'Ghi nhận');
    // A decided leaf shows its decision; the form opens again only on request.
    const change = h('button', { type: 'button', class: 'btn secondary small', hidden: true }, 'Thay đổi kết quả');
    change.addEventListener('click', () => {
      form.hidden = false;
      change.hidden = true;
      radios.find((r) => r.checked)?.focus();
    });
    const form = h(
      'fieldset',
      { class: 'decision' },
      h('legend', null, round === 2 ? 'Quyết định sau giải trình (vòng 2)' : 'Kết quả thẩm định'),
      radios.map((r, i) => h('label', { class: 'choice', for: r.id }, r, h('span', null, choices[i]!.label))),
      adjust.element,
      reasonWrap,
      h('div', { class: 'leaf-actions' }, submit),
    );
    const sync = () => {
      const choice = choiceOf();
      adjust.element.hidden = !choice || choice.score === 'none';
      legend.textContent = choice?.scoreLabel ?? '';
      reasonWrap.hidden = !choice;
    };
    form.addEventListener('change', sync);
    sync();

    submit.addEventListener('click', () => void record());
    async function record(): Promise<void> {
      const choice = choiceOf();
      if (!choice) return notify('Chọn kết quả trước khi ghi nhận.', 'error');
      let score: number | undefined;
      if (choice.score !== 'none' && (adjust.entry() || choice.score === 'required')) {
        const problem = adjust.unreadable();
        const outcome = adjust.outcome();
        if (problem || !outcome || !outcome.ok) return notify(problem ?? (outcome && !outcome.ok ? outcome.refusal.message : 'Nhập điểm theo quy tắc của tiêu chí.'), 'error');
        score = fromH(outcome.points);
      }
      const needsReason = choice.reason === 'required' || (choice.reason === 'withScore' && score !== undefined);
      if (needsReason && !reason.value.trim()) {
        reason.setAttribute('aria-invalid', 'true');
        reason.focus();
        return notify(round === 2 ? 'Cần nêu lý do cho quyết định này.' : 'Cần nêu lý do khi điều chỉnh điểm hoặc yêu cầu giải trình.', 'error');
      }
      reason.removeAttribute('aria-invalid');
      const body = { ...(score !== undefined ? { score } : {}), ...(reason.value.trim() ? { reason: reason.value.trim() } : {}) };
      submit.disabled = true;
      try {
        if (round === 2) await decideDispute(year, unitCode, leaf.code, { result: choice.value as DisputeResult, ...body });
        else await api.post(`/years/${year}/units/${encodeURIComponent(unitCode)}/appraisal/leaves/${encodeURIComponent(leaf.code)}`, { action: choice.value, ...body }, { idempotencyKey: newIdempotencyKey() });
        notify(`Đã ghi nhận tiêu chí ${leaf.code}.`);
        await reload();
      } catch (error) {
        notify(errorText(error), 'error');
      } finally {
        submit.disabled = false;
      }
    }

    const refresh = () => {
      const r = records().get(leaf.code);
      const entry = savedEntry(leaf, r ?? null);
      self.replaceChildren(
        h(
          'dl',
          { class: 'pairs' },
          h('dt', null, 'Điểm tự chấm'),
          h('dd', null, r?.notApplicable ? 'Không áp dụng' : r?.selfScore !== null && r?.selfScore !== undefined ? `${points(r.selfScore)} điểm` : 'Đơn vị không chấm (0 điểm)'),
          entry && (entry.ratio !== undefined || entry.numerator !== undefined) ? [h('dt', null, 'Số liệu đơn vị nhập'), h('dd', null, describeEntry(leaf, entry))] : null,
          h('dt', null, 'Giải trình của đơn vị'),
          h('dd', null, r?.note ?? '—'),
          round === 2
            ? [
                h('dt', null, 'Giải trình, kiến nghị sau vòng 1'),
                h('dd', { class: 'explanation' }, r?.explanation ?? 'Đơn vị không giải trình trong thời hạn.', supplementary),
              ]
            : null,
        ),
      );
      const done = decided(r);
      state.replaceChildren();
      if (r?.appraisalAction) {
        const score = r.appraisedScore !== null && r.appraisedScore !== undefined ? ` — ${points(r.appraisedScore)} điểm` : '';
        state.append(h('p', { class: round === 1 ? 'decided' : '' }, `${round === 1 ? '✓ ' : 'Vòng 1: '}${ROUND1_DONE[r.appraisalAction] ?? r.appraisalAction}${score}`));
        if (r.appraisalReason) state.append(h('p', { class: 'muted' }, `Lý do: ${r.appraisalReason}`));
      }
      if (round === 2 && done && r) {
        const result = r.explanationResult ? (DISPUTE_RESULT_LABELS[r.explanationResult as DisputeResult] ?? r.explanationResult) : 'Đã quyết định';
        state.append(h('p', { class: 'decided' }, `✓ ${result}${r.finalScore !== null && r.finalScore !== undefined ? ` — ${points(r.finalScore)} điểm` : ''}`));
      }
      if (!done) state.append(h('p', { class: 'muted' }, round === 2 ? 'Chưa quyết định.' : 'Chưa thẩm định.'));
      if (round === 1 && r?.appraisalAction) {
        const radio = radios.find((x) => x.value === r.appraisalAction);
        if (radio) radio.checked = true;
        if (r.appraisedScore !== null && r.appraisedScore !== undefined && r.appraisalAction !== 'accept') adjust.set({ points: toH(r.appraisedScore) });
        if (r.appraisalReason && !reason.value) reason.value = r.appraisalReason;
      }
      sync();
      element.classList.toggle('is-decided', done);
      form.hidden = done;
      change.hidden = !open || !done;
    };

    const element = h(
      'article',
      { class: 'leaf appraise-leaf', id: `leaf-${leaf.code}`, 'aria-labelledby': titleId },
      leafHead(leaf, titleId, 'h3'),
      h(
        'div',
        { class: 'leaf-body' },
        leafRules(leaf, ruleLines(leaf), 'Tài liệu kiểm chứng yêu cầu', self),
        h('div', { class: 'leaf-entry' }, state, open ? [form, change] : null),
      ),
      evidencePanel({ year, unitCode, leafCode: leaf.code, editable: false, count: records().get(leaf.code)?.evidenceCount ?? 0 }),
    );
    cards.set(leaf.code, { element, refresh });
    refresh();
    return element;
  }

  acceptRest.addEventListener('click', () => void acceptRemaining());
  /** Most leaves are simply confirmed: accept every one not yet decided, in one go. */
  async function acceptRemaining(): Promise<void> {
    const map = records();
    const rest = leaves.filter((l) => !decided(map.get(l.code)));
    const ok = await confirmAction(
      'Chấp nhận điểm tự chấm',
      `Chấp nhận nguyên điểm tự chấm của ${rest.length} tiêu chí chưa thẩm định (${rest.map((l) => l.code).join(', ')})?`,
      'Chấp nhận tất cả',
    );
    if (!ok) return;
    acceptRest.disabled = true;
    let failed = 0;
    for (const leaf of rest) {
      try {
        await api.post(`/years/${year}/units/${encodeURIComponent(unitCode)}/appraisal/leaves/${encodeURIComponent(leaf.code)}`, { action: 'accept' }, { idempotencyKey: newIdempotencyKey() });
      } catch (error) {
        failed += 1;
        notify(`Tiêu chí ${leaf.code}: ${errorText(error)}`, 'error');
      }
    }
    if (!failed) notify(`Đã chấp nhận ${rest.length} tiêu chí.`);
    await reload();
  }

  finish.addEventListener('click', () => void closeField());
  async function closeField(): Promise<void> {
    const ok = await confirmAction(
      `Hoàn thành thẩm định lĩnh vực ${fieldCode}`,
      `Xác nhận đã ${round === 2 ? 'quyết định mọi tiêu chí được giải trình của' : 'thẩm định xong'} lĩnh vực ${fieldCode} của ${assessment.unitName} (vòng ${round}). Sau khi hoàn thành, kết quả được gửi Sở Nội vụ tổng hợp.`,
      'Hoàn thành',
    );
    if (!ok) return;
    finish.disabled = true;
    try {
      await api.post(`/years/${year}/units/${encodeURIComponent(unitCode)}/appraisal/fields/${encodeURIComponent(fieldCode)}/done`, {}, { idempotencyKey: newIdempotencyKey() });
      notify(`Đã hoàn thành thẩm định lĩnh vực ${fieldCode} của ${assessment.unitName}.`);
      ctx.router.go(`/nam/${year}/tham-dinh`);
    } catch (error) {
      notify(errorText(error), 'error');
      finish.disabled = false;
    }
  }

  const deadline = assessment.phaseDeadline ? countdown(assessment.phaseDeadline) : null;
  const shown = new Set(leaves.map((l) => l.code));
  const blocks = renderTree(field, (l) => shown.has(l.code), leafBlock);
  const view = h(
    'div',
    null,
    h('p', null, h('a', { href: href('nam', year, 'tham-dinh') }, '← Danh sách thẩm định')),
    h('h1', null, `${round === 2 ? 'Thẩm định vòng 2' : 'Thẩm định'} lĩnh vực ${fieldCode}: ${field.title}`),
    h(
      'p',
      { class: 'status-line' },
      h('strong', null, assessment.unitName),
      h('span', { class: `phase phase-${phase}` }, assessment.phaseLabel ?? PHASE_LABELS[phase] ?? phase),
      deadline && open ? h('span', { class: `deadline${deadline.overdue ? ' overdue' : deadline.soon ? ' soon' : ''}` }, `Hạn thẩm định: ${date(assessment.phaseDeadline)} (${deadline.text})`) : null,
    ),
    open ? null : alertBox(`Hồ sơ đang ở giai đoạn “${assessment.phaseLabel ?? PHASE_LABELS[phase] ?? phase}”; chỉ xem, không ghi nhận thẩm định được.`, 'info'),
    h('div', { class: 'sheet-bar' }, progress, h('div', { class: 'bar-actions' }, acceptRest, finish, h('a', { class: 'btn secondary', href: href('nam', year, 'don-vi', unitCode) }, 'Xem cả hồ sơ'))),
    leaves.length ? blocks : alertBox(round === 2 ? 'Lĩnh vực này không có tiêu chí nào được yêu cầu giải trình.' : 'Lĩnh vực này không có tiêu chí nào do đơn vị tự chấm (chỉ có tiêu chí điều tra).', 'info'),
  );
  refreshProgress();
  return view;
}

function renderTree(field: GroupNode, include: (leaf: LeafNode) => boolean, leafBlock: (leaf: LeafNode) => HTMLElement): Node[] {
  const out: Node[] = [];
  for (const node of field.children) {
    if ('kind' in node) {
      if (include(node)) out.push(leafBlock(node));
      continue;
    }
    const own = leavesOf(node).filter(include);
    if (own.length) out.push(h('section', { class: 'criterion' }, h('h2', null, h('span', { class: 'code' }, node.code), ' ', node.title), own.map(leafBlock)));
  }
  return out;
}

function describeEntry(leaf: LeafNode, entry: { ratio?: number; numerator?: number; denominator?: number }): string {
  if (leaf.kind === 'threshold' && entry.ratio !== undefined) return `${leaf.ratioLabel ?? 'Tỷ lệ'}: ${formatPoints(entry.ratio)}%`;
  if (leaf.kind === 'formula') return `${leaf.numerator}: ${entry.numerator !== undefined ? formatPoints(entry.numerator) : '—'}; ${leaf.denominator}: ${entry.denominator !== undefined ? formatPoints(entry.denominator) : '—'}`;
  return '';
}
