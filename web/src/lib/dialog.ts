import { h, type Child } from './dom';

/**
 * Modal questions on the native <dialog>: it traps focus, closes on Escape and returns focus to
 * where it was, so keyboard and screen-reader users get the same confirmation as everyone else.
 */

export interface DialogButton<T> {
  label: string;
  value: T;
  kind?: 'primary' | 'danger' | 'secondary';
}

export function choose<T>(title: string, body: Child, buttons: DialogButton<T>[], cancelValue: T): Promise<T> {
  return new Promise((resolve) => {
    const titleId = `dlg-${Math.random().toString(36).slice(2)}`;
    const previous = document.activeElement as HTMLElement | null;
    const dialog = h('dialog', { class: 'dialog', 'aria-labelledby': titleId });
    let result = cancelValue;
    const actions = buttons.map((b) =>
      h('button', { type: 'button', class: `btn ${b.kind ?? 'secondary'}`, on: { click: () => ((result = b.value), dialog.close()) } }, b.label),
    );
    dialog.append(h('h2', { id: titleId }, title), h('div', { class: 'dialog-body' }, body), h('div', { class: 'dialog-actions' }, actions));
    dialog.addEventListener('close', () => {
      dialog.remove();
      previous?.focus();
      resolve(result);
    });
    document.body.append(dialog);
    dialog.showModal();
    (actions.find((_, i) => buttons[i]?.kind !== 'danger') ?? actions[0])?.focus();
  });
}

export function confirmAction(title: string, body: Child, okLabel: string, danger = false): Promise<boolean> {
  return choose(title, body, [
    { label: 'Hủy', value: false },
    { label: okLabel, value: true, kind: danger ? 'danger' : 'primary' },
  ], false);
}

/** A dialog with a form; resolves with the submitted form's data, or null when cancelled. */
export function formDialog(title: string, fields: Child, okLabel: string, validate?: (form: HTMLFormElement) => string | null): Promise<FormData | null> {
  return new Promise((resolve) => {
    const titleId = `dlg-${Math.random().toString(36).slice(2)}`;
    const previous = document.activeElement as HTMLElement | null;
    const dialog = h('dialog', { class: 'dialog', 'aria-labelledby': titleId });
    const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
    let result: FormData | null = null;
    const form = h(
      'form',
      { method: 'dialog', novalidate: true },
      h('h2', { id: titleId }, title),
      h('div', { class: 'dialog-body' }, fields, error),
      h(
        'div',
        { class: 'dialog-actions' },
        h('button', { type: 'button', class: 'btn secondary', on: { click: () => dialog.close() } }, 'Hủy'),
        h('button', { type: 'submit', class: 'btn primary' }, okLabel),
      ),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const problem = validate?.(form) ?? (form.checkValidity() ? null : 'Vui lòng điền đủ các trường bắt buộc.');
      if (problem) {
        error.textContent = problem;
        error.hidden = false;
        return;
      }
      result = new FormData(form);
      dialog.close();
    });
    dialog.append(form);
    dialog.addEventListener('close', () => {
      dialog.remove();
      previous?.focus();
      resolve(result);
    });
    document.body.append(dialog);
    dialog.showModal();
    form.querySelector<HTMLElement>('input, textarea, select')?.focus();
  });
}
