import type { AppRoute, Ctx } from './lib/context';
import { h } from './lib/dom';
import { homePathFor } from './lib/home';
import { approveView } from './views/chair/approve';
import { appraiseView } from './views/council/appraise';
import { inboxView } from './views/council/inbox';
import { loginView } from './views/login';
import { passwordView } from './views/password';
import { publicView, rankingView } from './views/public/ranking';
import { boardView } from './views/secretariat/board';
import { surveyAdminView } from './views/secretariat/survey-admin';
import { usersView } from './views/secretariat/users';
import { yearSetupView } from './views/secretariat/year-setup';
import { yearsView } from './views/secretariat/years';
import { sheetView } from './views/sheet/sheet-view';
import { surveyThanksView, surveyView } from './views/survey/respond';
import { scoreSheetView } from './views/scoresheet';
import { timelineView } from './views/timeline';

/** "#/nam/2023" (links in notices): the signed-in role's own screen for that year. */
function yearHome(ctx: Ctx): Node {
  ctx.router.go(homePathFor(ctx.session!, Number(ctx.params.year)));
  return h('p', { class: 'loading' }, 'Đang chuyển trang…');
}

/** Every screen and who may open it. */
export const routes: AppRoute[] = [
  { path: '/dang-nhap', view: loginView, public: true },
  { path: '/cong-khai', view: publicView, public: true },
  { path: '/cong-khai/:year', view: publicView, public: true },
  { path: '/khao-sat', view: surveyView, public: true },
  { path: '/khao-sat/da-nop', view: surveyThanksView, public: true },
  { path: '/doi-mat-khau', view: passwordView },
  { path: '/nam/:year', view: yearHome },
  { path: '/nam/:year/don-vi/:unit', view: sheetView },
  { path: '/nam/:year/don-vi/:unit/dong-thoi-gian', view: timelineView },
  { path: '/nam/:year/don-vi/:unit/bang-diem', view: scoreSheetView },
  { path: '/nam/:year/tham-dinh', view: inboxView, roles: ['council_member'] },
  { path: '/nam/:year/tham-dinh/:unit/:field', view: appraiseView, roles: ['council_member'] },
  { path: '/nam/:year/theo-doi', view: boardView, roles: ['secretariat', 'chair', 'viewer', 'council_member'] },
  { path: '/nam/:year/phe-duyet', view: approveView, roles: ['chair'] },
  { path: '/nam/:year/xep-hang', view: rankingView, roles: ['secretariat', 'chair', 'viewer', 'council_member'] },
  { path: '/nam/:year/dieu-tra', view: surveyAdminView, roles: ['secretariat', 'chair', 'viewer'] },
  { path: '/thiet-lap', view: yearsView, roles: ['secretariat'] },
  { path: '/tai-khoan', view: usersView, roles: ['secretariat'] },
  { path: '/thiet-lap/:year', view: yearSetupView, roles: ['secretariat'] },
];
