import express, { type Express, type Router } from 'express';
import { authenticate } from './auth/middleware';
import type { ApiDeps } from './deps';
import { idempotency } from './idempotency';
import { httpMetrics, metricsEndpoint } from './metrics';
import { responseChecker } from './openapi/check-responses';
import { buildOpenApiDocument, type OpenApiDocument } from './openapi/document';
import { ApiRouter, type RegisteredRoute } from './openapi/registry';
import { errorHandler, notFoundHandler } from './problem';
import { cors, securityHeaders } from './security';
import { healthRoutes } from './routes/health';
import { docsRoutes } from './routes/docs';
import { authRoutes } from './routes/auth';
import { userRoutes } from './routes/users';
import { councilRoutes } from './routes/council';
import { fieldAssignmentRoutes } from './routes/field-assignments';
import { unitRoutes } from './routes/units';
import { yearRoutes } from './routes/years';
import { criteriaSetRoutes } from './routes/criteria-sets';
import { assessmentRoutes } from './routes/assessments';
import { submissionRouter } from './routes/submission';
import { appraisalRouter } from './routes/appraisal';
import { disputeRouter } from './routes/dispute';
import { oversightRouter } from './routes/oversight';
import { statusRoutes } from './routes/status';
import { evidenceRoutes } from './routes/evidence';
import { auditRoutes } from './routes/audit';
import { resultRoutes } from './routes/results';
import { surveyRoutes } from './routes/surveys';
import { webRouter } from '../web/static';

export const API_PREFIX = '/api/v1';
export const API_VERSION = '1.0.0';

/** The HTTP app. Built from its dependencies so tests run it against their own database and Temporal. */
export function createApp(deps: ApiDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.config.trustProxy);
  app.set('query parser', 'simple');
  app.use(httpMetrics());
  app.use(securityHeaders());
  app.use(cors(deps.corsOrigins ?? deps.config.corsOrigins));
  app.get('/metrics', metricsEndpoint(deps.config.metrics.token));

  // Every route declared through an ApiRouter lands in the OpenAPI document.
  const routes: RegisteredRoute[] = [];
  const hooks = { beforeHandler: idempotency(deps.db), checkResponse: deps.checkResponses ? responseChecker : undefined };
  const mountOn = (target: Router | Express, prefix: string) => (routerOrRoutes: ApiRouter | Router) => {
    if (routerOrRoutes instanceof ApiRouter) {
      const built = routerOrRoutes.build(prefix, deps.db, hooks);
      routes.push(...built.routes);
      target.use(built.router);
    } else {
      target.use(routerOrRoutes);
    }
  };

  mountOn(app, '')(healthRoutes(deps));

  const api = express.Router();
  api.use(express.json({ limit: '1mb', strict: true, type: ['application/json', 'application/*+json'] }));
  api.use(authenticate(deps.db));
  const mount = mountOn(api, API_PREFIX);
  let document: OpenApiDocument | undefined;
  mount(docsRoutes(() => (document ??= buildOpenApiDocument(routes, API_VERSION))));
  mount(authRoutes(deps));
  mount(userRoutes(deps));
  mount(unitRoutes(deps));
  mount(yearRoutes(deps));
  mount(fieldAssignmentRoutes(deps));
  mount(councilRoutes(deps));
  mount(criteriaSetRoutes(deps));
  mount(assessmentRoutes(deps));
  mount(submissionRouter(deps));
  mount(appraisalRouter(deps));
  mount(disputeRouter(deps));
  mount(oversightRouter(deps));
  mount(statusRoutes(deps));
  mount(evidenceRoutes(deps));
  mount(auditRoutes(deps));
  mount(resultRoutes(deps));
  mount(surveyRoutes(deps));
  app.use(API_PREFIX, api);
  app.use(webRouter());

  app.use(notFoundHandler);
  app.use(errorHandler(deps.logger));
  app.locals.routes = routes;
  return app;
}

/** The routes an app documents (for tests that compare the document with what is mounted). */
export function documentedRoutes(app: Express): RegisteredRoute[] {
  return (app.locals as { routes?: RegisteredRoute[] }).routes ?? [];
}
