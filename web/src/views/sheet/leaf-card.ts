import type { LeafNode } from '../../../../domain/criteria/types';
import { ApiError } from '../../lib/api';
import { ruleLines } from '../../lib/criteria';
import { choose } from '../../lib/dialog';
import { h, uid } from '../../lib/dom';
import { dateTime, fromH, points, timeNow } from '../../lib/format';
import { errorText } from '../../lib/notify';
import { DISPUTE_RESULT_LABELS, isFlagged, submitExplanation, type DisputeResult } from '../../lib/dispute';
import { isDone, loadLeaf, saveDraft, savedEntry, type Draft } from '../../lib/sheet-data';
import type { LeafRecord } from '../../lib/types';
import { entryControl } from '../shared/leaf-entry';
import { isAskedToExplain } from '../../../../domain/evidence-rules';
import { evidencePanel } from './evidence';
import { leafHead, leafRules } from '../shared/leaf-parts';

/**
 * One sub-criterion on the unit's sheet: what it asks (maximum, method, evidence, the levels or
 * bands it allows), the unit's entry under that rule, not-applicable, a note, the evidence files, and
 * what the council decided. Saving sends If-Match with the version the user started from; when
 * someone else saved in between (412) the user chooses which version to keep.
 */

export interface LeafCard {
  leaf: LeafNode;
  element: HTMLElement;
  dirty(): boolean;
  /** Scored or not applicable, as saved on the server. */
  done(): boolean;
  /** Saves if dirty; false when the entry is invalid or saving failed (the card shows why). */
  save(): Promise<boolean>;
}

interface Options {
  year: string;
  unitCode: string;
  editable: boolean;
  /** Evidence may be added while the self-assessment is open. */
  evidenceEditable: boolean;
  /** The unit may explain the leaves the council flagged (explanation round). */
  explaining: boolean;
  onChange(): void;
  onSaved(record: LeafRecord): void;
}

export function leafCard(leaf: LeafNode, initial: LeafRecord | null, options: Options): LeafCard {
  let record = initial;
  const titleId = uid('leaf-title');
  const selfScored = leaf.scoredBy === 'self';
  const status = h('p', { class: 'leaf-status', role: 'status' });

  const entry = entryControl(leaf, savedEntry(leaf, record), { legend: 'Điểm tự chấm', disabled: !options.editable, onChange: changed });
  const naId = uid('na');
  const notApplicable = h('input', { type: 'checkbox', id: naId, props: { checked: record?.notApplicable ?? false, disabled: !options.editable } });
  const noteId = uid('note');
  const note = h('textarea', { id: noteId, rows: 2, maxlength: 4000, props: { value: record?.note ?? '', disabled: !options.editable } });
  const saveButton = h('button', { type: 'button', class: 'btn primary small', hidden: !options.editable, on: { click: () => void card.save() } }, 'Lưu tiêu chí này');
  const appraisal = h('div', { class: 'appraisal-info' });

  notApplicable.addEventListener('change', () => {
    entry.setDisabled(!options.editable || notApplicable.checked);
    changed();
  });
  note.addEventListener('input', changed);
  entry.setDisabled(!options.editable || notApplicable.checked);

  // Text that is not yet a number counts as a change, so it is not lost silently.
  const snapshot = () => JSON.stringify([entry.entry(), entry.unreadable(), notApplicable.checked, note.value.trim()]);
  let saved = snapshot();
  let saving: Promise<boolean> | null = null;

  function changed(): void {
    element.classList.toggle('is-dirty', card.dirty());
    const message = card.dirty() ? 'Có thay đổi chưa lưu.' : '';
    if (status.textContent !== message && (message || status.textContent === 'Có thay đổi chưa lưu.')) status.textContent = message;
    options.onChange();
  }

  function showAppraisal(): void {
    appraisal.replaceChildren();
    if (!record) return;
    const rows: [string, string][] = [];
    if (record.appraisalAction) {
      const action = record.appraisalAction === 'accept' ? 'Giữ nguyên điểm tự chấm' : record.appraisalAction === 'adjust' ? 'Điều chỉnh điểm' : 'Yêu cầu giải trình';
      const score = record.appraisedScore !== null && record.appraisedScore !== undefined ? `${points(record.appraisedScore)} điểm — ` : '';
      rows.push(['Thẩm định vòng 1', `${score}${action}${record.appraisalReason ? `: ${record.appraisalReason}` : ''}`]);
    }
    if (record.explanation) rows.push(['Giải trình của đơn vị', record.explanation]);
    if (record.explanationResult) rows.push(['Kết quả giải trình', DISPUTE_RESULT_LABELS[record.explanationResult as DisputeResult] ?? record.explanationResult]);
    if (record.finalScore !== null && record.finalScore !== undefined) rows.push(['Thẩm định vòng 2', `${points(record.finalScore)} điểm${record.finalReason ? ` — ${record.finalReason}` : ''}`]);
    if (record.surveyScore !== null && record.surveyScore !== undefined) rows.push(['Điểm điều tra', `${points(record.surveyScore)} điểm`]);
    if (rows.length) appraisal.append(h('dl', { class: 'pairs' }, rows.map(([k, v]) => [h('dt', null, k), h('dd', null, v)])));
    if (options.explaining && isFlagged(record) && !record.explanation) appraisal.append(explanationForm());
  }

  /** The unit's answer to a flagged leaf: sent once, as the workflow records it. */
  function explanationForm(): HTMLElement {
    const id = uid('explain');
    const text = h('textarea', { id, rows: 4, maxlength: 4000 });
    const send = h('button', { type: 'button', class: 'btn primary small' }, 'Gửi giải trình');
    const note = h('p', { class: 'leaf-status', role: 'status' });
    send.addEventListener('click', () => void go());
    async function go(): Promise<void> {
      if (!text.value.trim()) {
        note.textContent = 'Nhập nội dung giải trình, kiến nghị.';
        text.setAttribute('aria-invalid', 'true');
        return text.focus();
      }
      send.disabled = true;
      try {
        await submitExplanation(options.year, options.unitCode, leaf.code, text.value.trim());
        record = (await loadLeaf(options.year, options.unitCode, leaf.code)) ?? record;
        if (record) options.onSaved(record);
        showAppraisal();
      } catch (error) {
        note.textContent = `Không gửi được: ${errorText(error)}`;
        send.disabled = false;
      }
    }
    return h('div', { class: 'explain-form field' }, h('label', { for: id }, 'Giải trình, kiến nghị của đơn vị'), text, h('div', { class: 'leaf-actions' }, send, note));
  }

  function draft(): Draft | string {
    const unreadable = entry.unreadable();
    const outcome = entry.outcome();
    if (!notApplicable.checked) {
      if (unreadable) return unreadable;
      if (outcome && !outcome.ok) return outcome.refusal.message;
    }
    // A leaf marked not applicable keeps whatever valid entry it had; an unreadable one is left as saved.
    const usable = !unreadable && (!outcome || outcome.ok);
    return {
      entry: usable ? entry.entry() : undefined,
      points: outcome?.ok && !outcome.notApplicable ? outcome.points : null,
      notApplicable: notApplicable.checked,
      note: note.value,
    };
  }

  /** Someone else saved first: show both versions and let the user decide. */
  async function resolveConflict(mine: Draft): Promise<'mine' | 'theirs' | 'later'> {
    const theirs = await loadLeaf(options.year, options.unitCode, leaf.code);
    const describe = (score: number | null, na: boolean, text: string | null) =>
      na ? 'Không áp dụng' : `${score === null ? 'chưa chấm' : `${points(score)} điểm`}${text ? `; ghi chú: “${text}”` : ''}`;
    const choice = await choose<'mine' | 'theirs' | 'later'>(
      `Tiêu chí ${leaf.code} vừa được người khác cập nhật`,
      [
        h('p', null, `${theirs?.updatedBy ? `Tài khoản ${theirs.updatedBy}` : 'Một người khác'} đã lưu tiêu chí này${theirs?.updatedAt ? ` lúc ${dateTime(theirs.updatedAt)}` : ''} sau khi bạn mở trang.`),
        h(
          'dl',
          { class: 'pairs' },
          h('dt', null, 'Bản đã lưu trên máy chủ'),
          h('dd', null, theirs ? describe(theirs.selfScore, theirs.notApplicable, theirs.note) : 'chưa có'),
          h('dt', null, 'Bản bạn đang sửa'),
          h('dd', null, describe(mine.points === null ? null : fromH(mine.points), mine.notApplicable, mine.note.trim() || null)),
        ),
        h('p', null, 'Chọn bản cần giữ.'),
      ],
      [
        { label: 'Để sau', value: 'later' },
        { label: 'Dùng bản trên máy chủ', value: 'theirs' },
        { label: 'Giữ bản của tôi và lưu đè', value: 'mine', kind: 'primary' },
      ],
      'later',
    );
    if (choice === 'theirs') {
      record = theirs;
      entry.set(savedEntry(leaf, record));
      notApplicable.checked = record?.notApplicable ?? false;
      note.value = record?.note ?? '';
      entry.setDisabled(!options.editable || notApplicable.checked);
      saved = snapshot();
      if (record) options.onSaved(record);
      showAppraisal();
      changed();
    } else if (choice === 'mine' && theirs) {
      record = theirs;
    }
    return choice;
  }

  async function doSave(): Promise<boolean> {
    if (!card.dirty()) return true;
    const d = draft();
    if (typeof d === 'string') {
      status.textContent = `Chưa lưu: ${d}`;
      element.classList.add('has-error');
      return false;
    }
    element.classList.remove('has-error');
    saveButton.disabled = true;
    status.textContent = 'Đang lưu…';
    try {
      for (let attempt = 0; attempt < 2; attempt++) {
        try {
          const before = snapshot();
          const response = await saveDraft(options.year, options.unitCode, leaf.code, d, record?.version ?? 0);
          record = { ...(record ?? emptyRecord(leaf.code)), ...response.body, version: response.body.version };
          saved = before;
          options.onSaved(record);
          changed();
          status.textContent = card.dirty() ? 'Có thay đổi chưa lưu.' : `Đã lưu lúc ${timeNow()}.`;
          return true;
        } catch (error) {
          if (!(error instanceof ApiError && error.status === 412)) throw error;
          const choice = await resolveConflict(d);
          if (choice === 'theirs') {
            status.textContent = 'Đã dùng bản trên máy chủ.';
            return true;
          }
          if (choice === 'later') {
            status.textContent = 'Chưa lưu: tiêu chí đã được người khác cập nhật.';
            return false;
          }
        }
      }
      return false;
    } catch (error) {
      status.textContent = `Không lưu được: ${errorText(error)}`;
      element.classList.add('has-error');
      return false;
    } finally {
      saveButton.disabled = false;
    }
  }

  const card: LeafCard = {
    leaf,
    element: null as unknown as HTMLElement,
    dirty: () => options.editable && snapshot() !== saved,
    done: () => isDone(record),
    save: () => {
      saving ??= doSave().finally(() => (saving = null));
      return saving;
    },
  };

  // Levels and đạt/không đạt are the choices themselves; bands and formulas need spelling out.
  const rules = leaf.kind === 'tiered' || leaf.kind === 'binary' ? [] : ruleLines(leaf);
  const element = h(
    'article',
    { class: `leaf${selfScored ? '' : ' not-self'}${options.explaining && isFlagged(record) ? ' flagged' : ''}`, id: `leaf-${leaf.code}`, 'aria-labelledby': titleId, 'data-leaf': leaf.code },
    leafHead(leaf, titleId, 'h4'),
    h(
      'div',
      { class: 'leaf-body' },
      leafRules(leaf, rules, 'Tài liệu kiểm chứng'),
      h(
        'div',
        { class: 'leaf-entry' },
        selfScored ? entry.element : h('p', { class: 'muted' }, ruleLines(leaf)[0] ?? ''),
        selfScored ? h('div', { class: 'check' }, notApplicable, h('label', { for: naId }, 'Không áp dụng đối với đơn vị')) : null,
        selfScored ? h('div', { class: 'field' }, h('label', { for: noteId }, 'Giải trình, ghi chú'), note) : null,
        selfScored ? h('div', { class: 'leaf-actions' }, saveButton, status) : null,
        appraisal,
      ),
    ),
    selfScored
      ? evidencePanel({
          year: options.year,
          unitCode: options.unitCode,
          leafCode: leaf.code,
          // While explaining, supplementary evidence goes to the leaves the council asked about, and only there.
          editable: options.evidenceEditable || (options.explaining && isAskedToExplain(record)),
          supplementary: options.explaining,
          count: record?.evidenceCount ?? 0,
        })
      : null,
  );
  card.element = element;
  showAppraisal();
  return card;
}

function emptyRecord(leafCode: string): LeafRecord {
  return { leafCode, notApplicable: false, selfScore: null, note: null, appraisedScore: null, appraisalAction: null, version: 0 };
}
