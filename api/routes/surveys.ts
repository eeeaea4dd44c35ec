import type { ApiDeps } from '../deps';
import { ApiRouter } from '../openapi/registry';
import { surveyDesignRoutes } from './surveys-design';
import { surveyFormRoutes } from './surveys-form';
import { surveyRespondentRoutes } from './surveys-respondents';
import { surveyResultRoutes } from './surveys-results';
import { satisfactionRoutes } from './surveys-satisfaction';

/**
 * Every route of the sociological and satisfaction surveys: Sở Nội vụ's design, respondents, imports,
 * report and review list, and the respondents' own forms. Mounted in api/app.ts with one line.
 */
export function surveyRoutes(deps: ApiDeps): ApiRouter {
  const r = new ApiRouter('Điều tra xã hội học');
  surveyDesignRoutes(r, deps);
  surveyRespondentRoutes(r, deps);
  surveyResultRoutes(r, deps);
  satisfactionRoutes(r, deps);
  surveyFormRoutes(r, deps);
  return r;
}
