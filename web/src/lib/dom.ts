/**
 * A tiny element builder. Text always goes in as text nodes (never innerHTML), so nothing a user
 * or the server wrote can turn into markup.
 */

export type Child = Node | string | number | null | undefined | false | readonly Child[];

type Handler<K extends keyof HTMLElementEventMap> = (event: HTMLElementEventMap[K]) => void;

export interface Attrs {
  class?: string | false | null | undefined;
  /** Event handlers: { click: (e) => … }. */
  on?: { [K in keyof HTMLElementEventMap]?: Handler<K> };
  /** Element properties set directly (value, checked, disabled, hidden, …). */
  props?: Record<string, unknown>;
  /** Any other attribute; false/null/undefined leave it out, true sets it empty. */
  [attribute: string]: unknown;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, ...(child as Child[]));
    else parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs | null = null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [name, value] of Object.entries(attrs)) {
      if (name === 'on') {
        for (const [event, handler] of Object.entries(value as Record<string, EventListener>)) el.addEventListener(event, handler);
      } else if (name === 'props') {
        Object.assign(el, value);
      } else if (value === true) {
        el.setAttribute(name, '');
      } else if (value !== false && value !== null && value !== undefined) {
        el.setAttribute(name, String(value));
      }
    }
  }
  append(el, ...children);
  return el;
}

/** Replaces everything inside `parent`. */
export function replace(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}

let idCounter = 0;
/** A unique id for label/aria wiring. */
export function uid(prefix = 'id'): string {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

/** A labelled form control: label above, hint and error below, wired with aria-describedby. */
export function field(label: string, control: HTMLElement, options: { hint?: string; required?: boolean } = {}): { wrap: HTMLElement; error: HTMLElement } {
  const id = control.id || uid('f');
  control.id = id;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const error = h('p', { class: 'field-error', id: errorId, role: 'alert', hidden: true });
  const describedBy = [options.hint ? hintId : null, errorId].filter(Boolean).join(' ');
  control.setAttribute('aria-describedby', describedBy);
  if (options.required) control.setAttribute('required', '');
  const wrap = h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label, options.required ? h('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : null),
    control,
    options.hint ? h('p', { class: 'hint', id: hintId }, options.hint) : null,
    error,
  );
  return { wrap, error };
}

export function showFieldError(error: HTMLElement, control: HTMLElement, message: string | null): void {
  error.textContent = message ?? '';
  error.hidden = !message;
  if (message) control.setAttribute('aria-invalid', 'true');
  else control.removeAttribute('aria-invalid');
}

/**
 * A file picker that speaks Vietnamese whatever the browser's language: the native input stays
 * (keyboard, screen readers, drag and drop) but is hidden behind a label styled as a button, with
 * the chosen names beside it.
 */
export function filePicker(label: string, options: { accept?: string; multiple?: boolean } = {}): { input: HTMLInputElement; element: HTMLElement } {
  const id = uid('file');
  const names = h('span', { class: 'file-names', 'aria-live': 'polite' }, 'Chưa chọn tệp');
  const input = h('input', { type: 'file', id, class: 'visually-hidden', accept: options.accept, multiple: options.multiple ?? false });
  input.addEventListener('change', () => {
    const files = Array.from(input.files ?? []);
    names.textContent = files.length ? files.map((f) => f.name).join(', ') : 'Chưa chọn tệp';
  });
  const element = h('span', { class: 'file-picker' }, input, h('label', { for: id, class: 'btn secondary small' }, label), names);
  return { input, element };
}
