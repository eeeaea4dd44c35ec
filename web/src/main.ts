import { ROLE_LABELS, type Role } from '../../domain/roles';
import { api, setUnauthorizedHandler } from './lib/api';
import type { AppRoute, Ctx } from './lib/context';
import { confirmAction, formDialog } from './lib/dialog';
import { h, replace } from './lib/dom';
import { alertBox, errorText, notify } from './lib/notify';
import { href, Router, type RouteMatch } from './lib/router';
import { clearSession, loadSession, onSessionChange, type Session } from './lib/session';
import { homePath, homePathFor, rememberWanted, setLoginMessage } from './lib/home';
import { resumeSession, signIn } from './lib/sign-in';
import { defaultYear, listYears } from './lib/years';
import { routes } from './routes';

/**
 * The single-page app: a header with the user's menu, one <main> where the current screen renders,
 * and hash routes. Screens are plain functions returning DOM.
 */

const APP_NAME = 'Chỉ số CCHC tỉnh Tuyên Quang';

interface NavItem {
  label: string;
  path: (year: number, session: Session) => string;
  roles: readonly Role[];
}

const NAV: NavItem[] = [
  { label: 'Hồ sơ đơn vị', path: (y, s) => href('nam', y, 'don-vi', s.user.unitCode ?? ''), roles: ['unit_officer', 'unit_head'] },
  { label: 'Thẩm định', path: (y) => href('nam', y, 'tham-dinh'), roles: ['council_member'] },
  { label: 'Bảng theo dõi', path: (y) => href('nam', y, 'theo-doi'), roles: ['secretariat', 'chair', 'viewer', 'council_member'] },
  { label: 'Thiết lập năm', path: () => href('thiet-lap'), roles: ['secretariat'] },
  { label: 'Điều tra XHH', path: (y) => href('nam', y, 'dieu-tra'), roles: ['secretariat', 'chair', 'viewer'] },
  { label: 'Tài khoản', path: () => href('tai-khoan'), roles: ['secretariat'] },
  { label: 'Phê duyệt', path: (y) => href('nam', y, 'phe-duyet'), roles: ['chair'] },
  { label: 'Xếp hạng', path: (y) => href('nam', y, 'xep-hang'), roles: ['secretariat', 'viewer', 'council_member'] },
  { label: 'Kết quả công bố', path: () => href('cong-khai'), roles: ['unit_officer', 'unit_head', 'council_member', 'secretariat', 'chair', 'viewer'] },
];

const root = document.getElementById('app')!;
const main = h('main', { id: 'main', tabindex: '-1' });
const header = h('header', { class: 'topbar' });
let navYear: number | null = null;

function renderHeader(session: Session | null, path: string): void {
  const brand = h('a', { class: 'brand', href: session ? '#/' : href('cong-khai') }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }, 'CCHC'), h('span', null, 'Chỉ số CCHC', h('span', { class: 'brand-full' }, ' tỉnh Tuyên Quang')));
  if (!session) {
    replace(header, brand, h('nav', { 'aria-label': 'Chính' }, h('a', { href: '#/dang-nhap', class: 'nav-link' }, 'Đăng nhập')));
    return;
  }
  const year = navYear ?? new Date().getFullYear() - 1;
  const links = NAV.filter((n) => n.roles.includes(session.user.role)).map((n) => {
    const target = n.path(year, session);
    const current = `#${path}` === target || (`#${path}`.startsWith(target) && target.length > 2);
    return h('li', null, h('a', { href: target, class: 'nav-link', 'aria-current': current ? 'page' : false }, n.label));
  });
  const menu = h(
    'details',
    { class: 'user-menu' },
    h('summary', null, h('span', { class: 'user-name' }, session.user.fullName), h('span', { class: 'user-role' }, ROLE_LABELS[session.user.role])),
    h(
      'ul',
      null,
      h('li', null, h('a', { href: href('doi-mat-khau') }, 'Đổi mật khẩu')),
      h('li', null, h('button', { type: 'button', class: 'link', on: { click: () => void logout() } }, 'Đăng xuất')),
    ),
  );
  replace(header, brand, h('nav', { 'aria-label': 'Chính' }, h('ul', { class: 'nav' }, links)), yearSwitch(session, path, year), menu);
}

/** The assessment year in view; changing it opens the same screen for the other year. */
function yearSwitch(session: Session, path: string, year: number): HTMLElement {
  const select = h('select', { id: 'year-switch', 'aria-label': 'Năm đánh giá' }, h('option', { value: String(year) }, `Năm ${year}`));
  void listYears().then((years) => {
    if (!years.length) return;
    select.replaceChildren(...[...new Set([year, ...years.map((y) => y.year)])].sort((a, b) => b - a).map((y) => h('option', { value: String(y), selected: y === year }, `Năm ${y}`)));
  });
  select.addEventListener('change', () => {
    const chosen = Number(select.value);
    navYear = chosen;
    router.go(/^\/nam\/\d{4}\//.test(path) ? path.replace(/^\/nam\/\d{4}/, `/nam/${chosen}`) : homePathFor(session, chosen));
  });
  return h('div', { class: 'year-switch' }, select);
}

async function logout(): Promise<void> {
  if (!(await confirmAction('Đăng xuất', 'Bạn muốn đăng xuất khỏi phần mềm?', 'Đăng xuất'))) return;
  await api.post('/auth/logout').catch(() => undefined);
  clearSession();
  router.go('/dang-nhap');
}

let renderSeq = 0;
let resumeTried = false;

async function render(match: RouteMatch<AppRoute> | null, path: string): Promise<void> {
  const seq = ++renderSeq;
  let session = loadSession();
  // Signed in by the browser's cookie alone (single sign-on, or storage cleared): asked once per page.
  if (!session && !resumeTried && !(match?.route.public ?? false)) {
    resumeTried = true;
    session = await resumeSession();
    if (seq !== renderSeq) return;
  }
  document.querySelector('.user-menu')?.removeAttribute('open');

  if (!match) {
    if (path === '/' || path === '') {
      if (!session) return router.go('/dang-nhap');
      return router.go(await homePath(session));
    }
    renderHeader(session, path);
    replace(main, h('h1', null, 'Không tìm thấy trang'), alertBox('Đường dẫn này không có trong phần mềm.', 'info'), h('p', null, h('a', { href: '#/' }, 'Về trang chính')));
    return;
  }
  const { route, params } = match;
  if (!route.public && !session) {
    rememberWanted(path);
    return router.go('/dang-nhap');
  }
  if (route.roles && session && !route.roles.includes(session.user.role)) {
    renderHeader(session, path);
    replace(main, h('h1', null, 'Không có quyền'), alertBox('Tài khoản của bạn không được mở màn hình này.', 'error'), h('p', null, h('a', { href: '#/' }, 'Về trang chính')));
    return;
  }
  if (params.year && /^\d{4}$/.test(params.year)) navYear = Number(params.year);
  else if (session && navYear === null) navYear = await defaultYear();
  renderHeader(session, path);

  const ctx: Ctx = {
    session,
    params,
    query: router.query(),
    router,
    // A screen that finished loading after the user moved on must not guard the screen now shown.
    guard: (dirty) => {
      if (seq === renderSeq) router.setLeaveGuard(dirty);
    },
    title: (text) => {
      document.title = `${text} · ${APP_NAME}`;
    },
  };
  replace(main, h('p', { class: 'loading', role: 'status' }, 'Đang tải…'));
  main.setAttribute('aria-busy', 'true');
  try {
    const view = await route.view(ctx);
    if (seq !== renderSeq) return;
    replace(main, view);
  } catch (error) {
    if (seq !== renderSeq) return;
    replace(main, h('h1', null, 'Không mở được trang'), alertBox(errorText(error)), h('p', null, h('button', { type: 'button', class: 'btn secondary', on: { click: () => router.refresh() } }, 'Thử lại')));
  } finally {
    if (seq === renderSeq) main.removeAttribute('aria-busy');
  }
  // A new screen starts at its top, and keyboard and screen-reader users land on its heading.
  window.scrollTo(0, 0);
  const heading = main.querySelector('h1');
  if (heading) {
    heading.setAttribute('tabindex', '-1');
    heading.focus({ preventScroll: true });
  }
}

const router = new Router<AppRoute>(
  routes,
  (match, path) => void render(match, path),
  () => confirmAction('Rời trang khi chưa lưu?', 'Bạn có thay đổi chưa lưu. Nếu rời trang, các thay đổi này sẽ mất.', 'Rời trang, bỏ thay đổi', true),
);

setUnauthorizedHandler((message, ended) => {
  // Unsaved scores stay on screen: sign in again in a dialog, then save again.
  if (router.hasUnsavedWork()) return void reauthenticate(message, ended);
  setLoginMessage(message);
  router.go('/dang-nhap');
});

let reauthenticating = false;
async function reauthenticate(message: string, ended: Session): Promise<void> {
  if (reauthenticating) return;
  reauthenticating = true;
  try {
    for (;;) {
      const form = await formDialog(
        'Đăng nhập lại để lưu tiếp',
        [
          alertBox(`${message} Các thay đổi chưa lưu vẫn còn trên màn hình.`, 'info'),
          h('div', { class: 'field' }, h('label', { for: 'relogin-user' }, 'Tên đăng nhập'), h('input', { id: 'relogin-user', name: 'username', autocomplete: 'username', props: { value: ended.user.username } })),
          h('div', { class: 'field' }, h('label', { for: 'relogin-password' }, 'Mật khẩu'), h('input', { id: 'relogin-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true })),
        ],
        'Đăng nhập',
      );
      if (!form) {
        setLoginMessage(message);
        router.setLeaveGuard(null);
        return router.go('/dang-nhap');
      }
      try {
        await signIn(String(form.get('username')).trim(), String(form.get('password')));
        if (loadSession()?.user.username !== ended.user.username) {
          // Another account's session must not save this one's work: start over on its own screen.
          router.setLeaveGuard(null);
          return router.go('/');
        }
        notify('Đã đăng nhập lại; hãy bấm lưu để lưu các thay đổi.', 'info');
        return;
      } catch (error) {
        message = errorText(error);
      }
    }
  } finally {
    reauthenticating = false;
  }
}

onSessionChange(() => router.refresh());

// The user menu closes on a click elsewhere or on Escape, as menus do.
document.addEventListener('click', (event) => {
  const menu = document.querySelector('.user-menu[open]');
  if (menu && !menu.contains(event.target as Node)) menu.removeAttribute('open');
});
document.addEventListener('keydown', (event) => {
  const menu = document.querySelector<HTMLElement>('.user-menu[open]');
  if (event.key === 'Escape' && menu) {
    menu.removeAttribute('open');
    menu.querySelector('summary')?.focus();
  }
});

const skip = document.querySelector<HTMLAnchorElement>('.skip-link');
skip?.addEventListener('click', (event) => {
  event.preventDefault();
  main.focus();
});

replace(root, header, main, h('footer', { class: 'footer' }, 'UBND tỉnh Tuyên Quang · Sở Nội vụ — Phần mềm chấm điểm Chỉ số cải cách hành chính'));
router.start();
