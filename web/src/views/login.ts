import { ApiError } from '../lib/api';
import type { Ctx } from '../lib/context';
import { field, h } from '../lib/dom';
import { afterLoginPath, takeLoginMessage } from '../lib/home';
import { alertBox, errorText } from '../lib/notify';
import { href } from '../lib/router';
import { signIn } from '../lib/sign-in';

/** Đăng nhập: username and password; the token goes to localStorage, then the user's own screen opens. */
export function loginView(ctx: Ctx): Node {
  ctx.title('Đăng nhập');
  const message = takeLoginMessage();
  const username = h('input', { name: 'username', autocomplete: 'username', autocapitalize: 'none', spellcheck: 'false' });
  const password = h('input', { name: 'password', type: 'password', autocomplete: 'current-password' });
  const status = h('div', { class: 'form-status' });
  const submit = h('button', { type: 'submit', class: 'btn primary wide' }, 'Đăng nhập');
  const u = field('Tên đăng nhập', username, { required: true });
  const p = field('Mật khẩu', password, { required: true });

  const form = h(
    'form',
    {
      class: 'card narrow',
      novalidate: true,
      on: {
        submit: (event) => {
          event.preventDefault();
          void submitLogin();
        },
      },
    },
    h('h1', null, 'Đăng nhập'),
    h('p', { class: 'muted' }, 'Phần mềm chấm điểm Chỉ số cải cách hành chính của các sở, ban, ngành và UBND cấp huyện.'),
    message ? alertBox(message, 'info') : null,
    u.wrap,
    p.wrap,
    status,
    submit,
    h('p', { class: 'muted small' }, 'Quên mật khẩu? Liên hệ Sở Nội vụ để được cấp lại.'),
  );

  async function submitLogin(): Promise<void> {
    status.replaceChildren();
    if (!username.value.trim() || !password.value) {
      status.append(alertBox('Nhập tên đăng nhập và mật khẩu.'));
      (username.value.trim() ? password : username).focus();
      return;
    }
    submit.disabled = true;
    submit.textContent = 'Đang đăng nhập…';
    try {
      const session = await signIn(username.value.trim(), password.value);
      ctx.router.go(await afterLoginPath(session));
    } catch (error) {
      const text = error instanceof ApiError && error.status === 401 ? 'Tên đăng nhập hoặc mật khẩu không đúng.' : errorText(error);
      status.append(alertBox(text));
      password.value = '';
      password.focus();
    } finally {
      submit.disabled = false;
      submit.textContent = 'Đăng nhập';
    }
  }

  return h(
    'div',
    { class: 'login-page' },
    form,
    h('p', { class: 'center' }, h('a', { href: href('khao-sat') }, 'Trả lời phiếu điều tra xã hội học (bằng mã trong thư mời)')),
    h('p', { class: 'center' }, h('a', { href: href('cong-khai') }, 'Xem kết quả Chỉ số CCHC đã công bố')),
  );
}
