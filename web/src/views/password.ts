import { api } from '../lib/api';
import type { Ctx } from '../lib/context';
import { field, h, showFieldError } from '../lib/dom';
import { alertBox, errorText, notify } from '../lib/notify';

const MIN_LENGTH = 10;

/** Đổi mật khẩu: the current password, then the new one twice. */
export function passwordView(ctx: Ctx): Node {
  ctx.title('Đổi mật khẩu');
  const current = h('input', { type: 'password', name: 'currentPassword', autocomplete: 'current-password' });
  const next = h('input', { type: 'password', name: 'newPassword', autocomplete: 'new-password', minlength: MIN_LENGTH });
  const again = h('input', { type: 'password', name: 'confirm', autocomplete: 'new-password' });
  const c = field('Mật khẩu hiện tại', current, { required: true });
  const n = field('Mật khẩu mới', next, { required: true, hint: `Ít nhất ${MIN_LENGTH} ký tự, không chứa tên đăng nhập; nên là một cụm từ dễ nhớ nhưng khó đoán.` });
  const a = field('Nhập lại mật khẩu mới', again, { required: true });
  const status = h('div', { class: 'form-status' });
  const submit = h('button', { type: 'submit', class: 'btn primary' }, 'Đổi mật khẩu');

  async function save(): Promise<void> {
    status.replaceChildren();
    showFieldError(c.error, current, current.value ? null : 'Nhập mật khẩu hiện tại.');
    showFieldError(n.error, next, next.value.length >= MIN_LENGTH ? null : `Mật khẩu mới cần ít nhất ${MIN_LENGTH} ký tự.`);
    showFieldError(a.error, again, again.value === next.value ? null : 'Hai lần nhập mật khẩu mới không khớp.');
    const invalid = [current, next, again].find((el) => el.getAttribute('aria-invalid') === 'true');
    if (invalid) return invalid.focus();
    submit.disabled = true;
    try {
      await api.post('/auth/password', { currentPassword: current.value, newPassword: next.value });
      notify('Đã đổi mật khẩu.');
      for (const el of [current, next, again]) el.value = '';
      status.append(alertBox('Đã đổi mật khẩu. Lần đăng nhập sau hãy dùng mật khẩu mới.', 'ok'));
    } catch (error) {
      status.append(alertBox(errorText(error)));
    } finally {
      submit.disabled = false;
    }
  }

  return h(
    'form',
    {
      class: 'card narrow',
      novalidate: true,
      on: {
        submit: (event) => {
          event.preventDefault();
          void save();
        },
      },
    },
    h('h1', null, 'Đổi mật khẩu'),
    c.wrap,
    n.wrap,
    a.wrap,
    status,
    submit,
  );
}
