import type { AppRoute } from './lib/context';
import { loginView } from './views/login';
import { passwordView } from './views/password';
import { sheetView } from './views/sheet/sheet-view';

/** Every screen and who may open it. */
export const routes: AppRoute[] = [
  { path: '/dang-nhap', view: loginView, public: true },
  { path: '/doi-mat-khau', view: passwordView },
  { path: '/nam/:year/don-vi/:unit', view: sheetView },
];
