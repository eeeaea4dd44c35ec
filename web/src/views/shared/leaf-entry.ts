import type { LeafNode } from '../../../../domain/criteria/types';
import { formatPercent, formatPoints, type Hundredths } from '../../../../domain/decimal';
import { evaluateEntry, type EntryOutcome, type ScoreEntry } from '../../../../domain/scoring/entry';
import { h, uid } from '../../lib/dom';
import { parsePoints } from '../../lib/format';

/**
 * The input for one leaf under its own rule: levels to pick for a tiered leaf, đạt/không đạt, a ratio
 * for a threshold leaf, numerator and denominator for a formula, points or occurrences for bonus and
 * penalty items. The points follow from the domain's evaluateEntry — the same rule the server applies —
 * and are shown as the user types, with the rule's own refusal when the entry does not fit.
 */

export interface EntryControl {
  element: HTMLElement;
  /** The entry as typed; null when nothing is entered. */
  entry(): ScoreEntry | null;
  /** The rule's verdict on the entry; null when nothing is entered. */
  outcome(): EntryOutcome | null;
  /** A text typed that is not a number (the entry cannot be read). */
  unreadable(): string | null;
  setDisabled(disabled: boolean): void;
  set(entry: ScoreEntry | null): void;
}

interface Options {
  /** Shown before the controls (e.g. "Điểm tự chấm"). */
  legend: string;
  disabled?: boolean;
  onChange: () => void;
}

export function entryControl(leaf: LeafNode, initial: ScoreEntry | null, options: Options): EntryControl {
  const id = uid(`leaf-${leaf.code.replace(/\./g, '-')}`);
  const result = h('p', { class: 'entry-result', 'aria-live': 'polite', id: `${id}-result` });
  let inputs: (HTMLInputElement)[] = [];
  let read: () => { entry: ScoreEntry | null; unreadable: string | null };
  let write: (entry: ScoreEntry | null) => void;
  let body: HTMLElement;

  const radios = (choices: { label: string; value: string }[], name: string) => {
    const els = choices.map((c) => h('input', { type: 'radio', name, value: c.value, id: uid(id) }));
    inputs = els;
    return h(
      'div',
      { class: 'choices' },
      els.map((el, i) => h('label', { class: 'choice', for: el.id }, el, h('span', null, choices[i]!.label))),
    );
  };
  const numberInput = (label: string, hint?: string) => {
    const input = h('input', { type: 'text', inputmode: 'decimal', autocomplete: 'off', id: uid(id), 'aria-describedby': `${id}-result`, class: 'num' });
    inputs.push(input);
    return { input, wrap: h('div', { class: 'field inline' }, h('label', { for: input.id }, label), input, hint ? h('span', { class: 'unit' }, hint) : null) };
  };
  const number = (input: HTMLInputElement, what: string): { value?: Hundredths; error?: string } => {
    const text = input.value.trim();
    if (!text) return {};
    const value = parsePoints(text);
    return value === null ? { error: `${what}: “${text}” không phải số hợp lệ (không âm, tối đa 2 chữ số thập phân).` } : { value };
  };

  switch (leaf.kind) {
    case 'tiered': {
      body = radios(
        leaf.levels.map((l) => ({ label: `${l.label} — ${formatPoints(l.points)} điểm`, value: String(l.points) })),
        id,
      );
      read = () => {
        const picked = inputs.find((i) => i.checked);
        return { entry: picked ? { points: Number(picked.value) } : null, unreadable: null };
      };
      write = (e) => inputs.forEach((i) => (i.checked = e?.points !== undefined && Number(i.value) === e.points));
      break;
    }
    case 'binary': {
      body = radios(
        [
          { label: `Đạt — ${formatPoints(leaf.max)} điểm`, value: 'true' },
          { label: 'Không đạt — 0,00 điểm', value: 'false' },
        ],
        id,
      );
      read = () => {
        const picked = inputs.find((i) => i.checked);
        return { entry: picked ? { achieved: picked.value === 'true' } : null, unreadable: null };
      };
      write = (e) => {
        const achieved = e?.achieved ?? (e?.points === undefined ? undefined : e.points === leaf.max);
        inputs.forEach((i) => (i.checked = achieved !== undefined && i.value === String(achieved)));
      };
      break;
    }
    case 'threshold': {
      const ratio = numberInput(leaf.ratioLabel ?? 'Tỷ lệ đạt được', '%');
      body = ratio.wrap;
      read = () => {
        const r = number(ratio.input, leaf.ratioLabel ?? 'Tỷ lệ');
        if (r.error) return { entry: null, unreadable: r.error };
        return { entry: r.value === undefined ? null : { ratio: r.value }, unreadable: null };
      };
      write = (e) => (ratio.input.value = e?.ratio !== undefined ? formatPoints(e.ratio) : '');
      break;
    }
    case 'formula': {
      const num = numberInput(leaf.numerator);
      const den = numberInput(leaf.denominator);
      body = h('div', { class: 'formula' }, num.wrap, den.wrap);
      read = () => {
        const n = number(num.input, leaf.numerator);
        const d = number(den.input, leaf.denominator);
        const error = n.error ?? d.error;
        if (error) return { entry: null, unreadable: error };
        if (n.value === undefined && d.value === undefined) return { entry: null, unreadable: null };
        return { entry: { numerator: n.value, denominator: d.value }, unreadable: null };
      };
      write = (e) => {
        num.input.value = e?.numerator !== undefined ? trimZeros(e.numerator) : '';
        den.input.value = e?.denominator !== undefined ? trimZeros(e.denominator) : '';
      };
      break;
    }
    case 'bonus':
    case 'penalty': {
      if (leaf.perOccurrence !== undefined) {
        const count = h('input', { type: 'number', min: '0', step: '1', inputmode: 'numeric', id: uid(id), class: 'num', 'aria-describedby': `${id}-result` });
        inputs = [count];
        body = h('div', { class: 'field inline' }, h('label', { for: count.id }, 'Số lần'), count);
        read = () => {
          const text = count.value.trim();
          if (!text) return { entry: null, unreadable: null };
          const n = Number(text);
          return Number.isSafeInteger(n) && n >= 0 ? { entry: { occurrences: n }, unreadable: null } : { entry: null, unreadable: `Số lần “${text}” phải là số nguyên không âm.` };
        };
        write = (e) => (count.value = e?.occurrences !== undefined ? String(e.occurrences) : e?.points !== undefined && leaf.perOccurrence ? String(Math.round(e.points / leaf.perOccurrence)) : '');
      } else {
        const pts = numberInput('Số điểm', 'điểm');
        body = pts.wrap;
        read = () => {
          const p = number(pts.input, 'Số điểm');
          if (p.error) return { entry: null, unreadable: p.error };
          return { entry: p.value === undefined ? null : { points: p.value }, unreadable: null };
        };
        write = (e) => (pts.input.value = e?.points !== undefined ? formatPoints(e.points) : '');
      }
      break;
    }
    case 'survey':
    case 'satisfaction': {
      body = h('p', { class: 'muted' }, leaf.kind === 'survey' ? 'Điểm lấy từ kết quả điều tra xã hội học.' : 'Điểm lấy từ kết quả khảo sát sự hài lòng.');
      read = () => ({ entry: null, unreadable: null });
      write = () => undefined;
      break;
    }
  }

  const control: EntryControl = {
    element: h('fieldset', { class: 'entry', id }, h('legend', null, options.legend), body, result),
    entry: () => read().entry,
    unreadable: () => read().unreadable,
    outcome: () => {
      const entry = read().entry;
      return entry ? evaluateEntry(leaf, entry) : null;
    },
    setDisabled: (disabled) => inputs.forEach((i) => (i.disabled = disabled)),
    set: (entry) => {
      write(entry);
      showResult();
    },
  };

  function showResult(): void {
    const problem = read().unreadable;
    const outcome = control.outcome();
    result.classList.remove('bad', 'good');
    if (problem) {
      result.textContent = problem;
      result.classList.add('bad');
    } else if (!outcome) {
      result.textContent = leaf.scoredBy === 'self' ? 'Chưa nhập.' : '';
    } else if (!outcome.ok) {
      result.textContent = outcome.refusal.message;
      result.classList.add('bad');
    } else if (outcome.notApplicable) {
      result.textContent = 'Mẫu số bằng 0: tiêu chí không áp dụng với đơn vị.';
      result.classList.add('good');
    } else {
      const ratio = outcome.ratio !== null ? `Tỷ lệ ${formatPercent(outcome.ratio)} → ` : '';
      result.textContent = `${ratio}${formatPoints(outcome.points)} điểm`;
      result.classList.add('good');
    }
    for (const input of inputs) {
      if (problem || (outcome && !outcome.ok)) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
    }
  }

  write(initial);
  showResult();
  control.setDisabled(Boolean(options.disabled));
  control.element.addEventListener('input', () => {
    showResult();
    options.onChange();
  });
  control.element.addEventListener('change', () => {
    showResult();
    options.onChange();
  });
  return control;
}

/** 4500 → "45", 4550 → "45,5": counts read better without trailing zeros. */
function trimZeros(h: Hundredths): string {
  return formatPoints(h).replace(/,00$/, '').replace(/(,\d)0$/, '$1');
}
