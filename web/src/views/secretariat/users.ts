import { ROLE_LABELS, ROLES, isUnitRole, mayBelongToUnit, type Role } from '../../../../domain/roles';
import { api, newIdempotencyKey, request } from '../../lib/api';
import type { Ctx } from '../../lib/context';
import { confirmAction, formDialog } from '../../lib/dialog';
import { h } from '../../lib/dom';
import { dateTime } from '../../lib/format';
import { errorText, notify } from '../../lib/notify';

/**
 * Accounts (tài khoản), managed by Sở Nội vụ: find by name, role or unit; create one with its role
 * (and unit, for a unit's officer or head); change role, unit or contact; reset a password (which
 * also unlocks); deactivate. Passwords are typed here and never shown again.
 */

interface User {
  username: string;
  fullName: string;
  email: string | null;
  role: Role;
  roleLabel: string;
  unitCode: string | null;
  active: boolean;
  lockedUntil: string | null;
  createdAt: string;
}

interface Unit {
  code: string;
  name: string;
}

const MIN_PASSWORD = 10;

function userFields(units: Unit[], user?: User): Node[] {
  const role = h('select', { id: 'u-role', name: 'role', required: true }, ROLES.map((r) => h('option', { value: r, selected: user?.role === r }, ROLE_LABELS[r])));
  const unit = h('select', { id: 'u-unit', name: 'unitCode' }, h('option', { value: '' }, '—'), units.map((u) => h('option', { value: u.code, selected: user?.unitCode === u.code }, u.name)));
  const unitWrap = h(
    'div',
    { class: 'field' },
    h('label', { for: 'u-unit' }, 'Đơn vị (bắt buộc với công chức, thủ trưởng đơn vị; với thành viên Hội đồng: đơn vị công tác, không thẩm định đơn vị này)'),
    unit,
  );
  const sync = () => (unitWrap.hidden = !mayBelongToUnit(role.value as Role));
  role.addEventListener('change', sync);
  sync();
  return [
    user ? null : h('div', { class: 'field' }, h('label', { for: 'u-name' }, 'Tên đăng nhập'), h('input', { id: 'u-name', name: 'username', required: true, autocomplete: 'off', maxlength: 60 })),
    h('div', { class: 'field' }, h('label', { for: 'u-full' }, 'Họ và tên'), h('input', { id: 'u-full', name: 'fullName', required: true, maxlength: 200, props: { value: user?.fullName ?? '' } })),
    h('div', { class: 'field' }, h('label', { for: 'u-email' }, 'Thư điện tử'), h('input', { id: 'u-email', name: 'email', type: 'email', maxlength: 200, props: { value: user?.email ?? '' } })),
    h('div', { class: 'field' }, h('label', { for: 'u-role' }, 'Vai trò'), role),
    unitWrap,
    user ? null : h('div', { class: 'field' }, h('label', { for: 'u-pass' }, `Mật khẩu ban đầu (ít nhất ${MIN_PASSWORD} ký tự)`), h('input', { id: 'u-pass', name: 'password', type: 'password', required: true, autocomplete: 'new-password', minlength: MIN_PASSWORD })),
  ].filter((n): n is HTMLDivElement => n !== null);
}

function check(form: HTMLFormElement): string | null {
  const get = (name: string) => (form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | null)?.value.trim() ?? '';
  if (form.elements.namedItem('username') && !get('username')) return 'Nhập tên đăng nhập.';
  if (!get('fullName')) return 'Nhập họ và tên.';
  if (isUnitRole(get('role') as Role) && !get('unitCode')) return 'Chọn đơn vị cho vai trò này.';
  const password = form.elements.namedItem('password') as HTMLInputElement | null;
  if (password && password.value.length < MIN_PASSWORD) return `Mật khẩu cần ít nhất ${MIN_PASSWORD} ký tự.`;
  return null;
}

export async function usersView(ctx: Ctx): Promise<Node> {
  ctx.title('Tài khoản');
  const units = await api.get<{ items: Unit[] }>('/units?pageSize=500').then((b) => b.items);
  const unitName = new Map(units.map((u) => [u.code, u.name]));
  const roleFilter = h('select', { id: 'f-role' }, h('option', { value: '' }, 'Mọi vai trò'), ROLES.map((r) => h('option', { value: r }, ROLE_LABELS[r])));
  const search = h('input', { type: 'search', id: 'f-q', placeholder: 'Tên đăng nhập hoặc họ tên' });
  const holder = h('div', { class: 'table-wrap' });
  const note = h('p', { class: 'muted small', role: 'status' });
  let timer: number | undefined;

  async function load(): Promise<void> {
    const query = new URLSearchParams({ pageSize: '500', sort: 'username' });
    if (roleFilter.value) query.set('role', roleFilter.value);
    if (search.value.trim()) query.set('q', search.value.trim());
    try {
      const { items, paging } = await api.get<{ items: User[]; paging: { total: number } }>(`/users?${query}`);
      holder.replaceChildren(table(items));
      note.textContent = `${items.length}/${paging.total} tài khoản.`;
    } catch (error) {
      note.textContent = errorText(error);
    }
  }

  const waiting = (u: User) => Boolean(u.lockedUntil && Date.parse(u.lockedUntil) > Date.now());

  function table(users: User[]): HTMLElement {
    return h(
      'table',
      { class: 'data' },
      h('caption', null, 'Tài khoản'),
      h('thead', null, h('tr', null, ['Tên đăng nhập', 'Họ và tên', 'Vai trò', 'Đơn vị', 'Trạng thái', 'Thao tác'].map((c) => h('th', { scope: 'col' }, c)))),
      h(
        'tbody',
        null,
        users.map((u) =>
          h(
            'tr',
            { class: u.active ? '' : 'inactive' },
            h('th', { scope: 'row' }, u.username),
            h('td', null, u.fullName, u.email ? h('div', { class: 'muted small' }, u.email) : null),
            h('td', null, u.roleLabel),
            h('td', null, u.unitCode ? (unitName.get(u.unitCode) ?? u.unitCode) : '—'),
            h('td', null, !u.active ? 'Đã vô hiệu hóa' : waiting(u) ? `Đăng nhập sai nhiều lần, phải chờ đến ${dateTime(u.lockedUntil!)}` : 'Đang dùng'),
            h(
              'td',
              { class: 'row-actions' },
              h('button', { type: 'button', class: 'link', on: { click: () => void edit(u) } }, 'Sửa'),
              ' · ',
              h('button', { type: 'button', class: 'link', on: { click: () => void resetPassword(u) } }, 'Đặt lại mật khẩu'),
              waiting(u) ? [' · ', h('button', { type: 'button', class: 'link', on: { click: () => void unlock(u) } }, 'Mở khóa đăng nhập')] : null,
              u.active ? [' · ', h('button', { type: 'button', class: 'link danger', on: { click: () => void deactivate(u) } }, 'Vô hiệu hóa')] : null,
            ),
          ),
        ),
      ),
    );
  }

  const value = (form: FormData, name: string) => String(form.get(name) ?? '').trim();

  async function create(): Promise<void> {
    const form = await formDialog('Tạo tài khoản', userFields(units), 'Tạo tài khoản', check);
    if (!form) return;
    const role = value(form, 'role') as Role;
    try {
      await api.post(
        '/users',
        {
          username: value(form, 'username'),
          fullName: value(form, 'fullName'),
          ...(value(form, 'email') ? { email: value(form, 'email') } : {}),
          role,
          ...(mayBelongToUnit(role) && value(form, 'unitCode') ? { unitCode: value(form, 'unitCode') } : {}),
          password: String(form.get('password')),
        },
        { idempotencyKey: newIdempotencyKey() },
      );
      notify(`Đã tạo tài khoản ${value(form, 'username')}.`);
      await load();
    } catch (error) {
      notify(errorText(error), 'error');
    }
  }

  async function edit(user: User): Promise<void> {
    const form = await formDialog(`Sửa tài khoản ${user.username}`, userFields(units, user), 'Lưu', check);
    if (!form) return;
    const role = value(form, 'role') as Role;
    try {
      await request('PATCH', `/users/${encodeURIComponent(user.username)}`, {
        body: { fullName: value(form, 'fullName'), email: value(form, 'email') || null, role, unitCode: mayBelongToUnit(role) ? value(form, 'unitCode') || null : null },
        idempotencyKey: newIdempotencyKey(),
      });
      notify(`Đã cập nhật tài khoản ${user.username}.`);
      await load();
    } catch (error) {
      notify(errorText(error), 'error');
    }
  }

  async function resetPassword(user: User): Promise<void> {
    const form = await formDialog(
      `Đặt lại mật khẩu cho ${user.username}`,
      [
        h('p', null, 'Tài khoản được mở khóa và mọi phiên đăng nhập của nó bị hủy. Hãy báo mật khẩu mới cho người dùng qua kênh an toàn và đề nghị họ đổi ngay.'),
        h('div', { class: 'field' }, h('label', { for: 'r-pass' }, `Mật khẩu mới (ít nhất ${MIN_PASSWORD} ký tự)`), h('input', { id: 'r-pass', name: 'password', type: 'password', required: true, autocomplete: 'new-password', minlength: MIN_PASSWORD })),
      ],
      'Đặt lại',
      check,
    );
    if (!form) return;
    try {
      await api.post(`/users/${encodeURIComponent(user.username)}/reset-password`, { newPassword: String(form.get('password')) });
      notify(`Đã đặt lại mật khẩu cho ${user.username}.`);
      await load();
    } catch (error) {
      notify(errorText(error), 'error');
    }
  }

  async function unlock(user: User): Promise<void> {
    try {
      await api.post(`/users/${encodeURIComponent(user.username)}/unlock`, {}, { idempotencyKey: newIdempotencyKey() });
      notify(`Đã mở khóa đăng nhập cho ${user.username}; người dùng đăng nhập lại được ngay.`);
      await load();
    } catch (error) {
      notify(errorText(error), 'error');
    }
  }

  async function deactivate(user: User): Promise<void> {
    if (!(await confirmAction('Vô hiệu hóa tài khoản', `Vô hiệu hóa tài khoản ${user.username} (${user.fullName})? Người dùng sẽ bị đăng xuất và không đăng nhập được nữa; nhật ký vẫn giữ tên tài khoản.`, 'Vô hiệu hóa', true))) return;
    try {
      await request('DELETE', `/users/${encodeURIComponent(user.username)}`, { idempotencyKey: newIdempotencyKey() });
      notify(`Đã vô hiệu hóa tài khoản ${user.username}.`);
      await load();
    } catch (error) {
      notify(errorText(error), 'error');
    }
  }

  roleFilter.addEventListener('change', () => void load());
  search.addEventListener('input', () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void load(), 300);
  });
  await load();
  return h(
    'div',
    null,
    h('div', { class: 'page-head' }, h('h1', null, 'Tài khoản'), h('button', { type: 'button', class: 'btn primary', on: { click: () => void create() } }, 'Tạo tài khoản')),
    h(
      'form',
      { class: 'toolbar', role: 'search', on: { submit: (e) => e.preventDefault() } },
      h('div', { class: 'field' }, h('label', { for: 'f-role' }, 'Vai trò'), roleFilter),
      h('div', { class: 'field' }, h('label', { for: 'f-q' }, 'Tìm'), search),
    ),
    holder,
    note,
  );
}
