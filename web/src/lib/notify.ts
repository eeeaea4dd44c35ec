import { ApiError } from './api';
import { h } from './dom';

/**
 * Short messages after an action ("Đã lưu", "Không lưu được: …"), shown in a corner and read out by
 * screen readers through a polite live region (assertive for errors).
 */

let region: HTMLElement | null = null;

function ensureRegion(): HTMLElement {
  if (region && document.body.contains(region)) return region;
  region = h('div', { class: 'toasts', 'aria-live': 'polite', 'aria-atomic': 'false' });
  document.body.append(region);
  return region;
}

export function notify(message: string, kind: 'ok' | 'error' | 'info' = 'ok'): void {
  const toast = h('div', { class: `toast ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, message);
  ensureRegion().append(toast);
  setTimeout(() => toast.remove(), kind === 'error' ? 10_000 : 4_000);
}

/** The Vietnamese text of any error, for a message box. */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) {
    const details = error.errors.map((e) => e.message).filter((m) => m && !error.text.includes(m));
    return details.length ? `${error.text} (${details.join('; ')})` : error.text;
  }
  return 'Đã có lỗi ngoài dự kiến; vui lòng thử lại.';
}

/** A message box inside a screen. */
export function alertBox(message: string, kind: 'error' | 'info' | 'warn' | 'ok' = 'error'): HTMLElement {
  return h('div', { class: `alert ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, message);
}
