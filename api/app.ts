import express, { type Express } from 'express';
import helmet from 'helmet';
import { authenticate } from './auth/middleware';
import type { ApiDeps } from './deps';
import { errorHandler, notFoundHandler } from './problem';
import { healthRouter } from './routes/health';
import { authRouter } from './routes/auth';
import { yearsRouter } from './routes/years';
import { assessmentsRouter } from './routes/assessments';
import { submissionRouter } from './routes/submission';
import { appraisalRouter } from './routes/appraisal';
import { statusRouter } from './routes/status';
import { webRouter } from '../web/static';

/** The HTTP app. Built from its dependencies so tests run it against their own database and Temporal. */
export function createApp(deps: ApiDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.set('query parser', 'simple');
  app.use(helmet());
  app.use(healthRouter(deps));

  const api = express.Router();
  api.use(express.json({ limit: '1mb', strict: true }));
  api.use(authenticate(deps.db));
  api.use(authRouter(deps));
  api.use(yearsRouter(deps));
  api.use(assessmentsRouter(deps));
  api.use(submissionRouter(deps));
  api.use(appraisalRouter(deps));
  api.use(statusRouter(deps));
  app.use('/api/v1', api);
  app.use(webRouter());

  app.use(notFoundHandler);
  app.use(errorHandler(deps.logger));
  return app;
}
