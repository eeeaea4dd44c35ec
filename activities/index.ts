import { lockSelfAssessment } from './self-assessment';
import { recordAppraisal, recordFieldDone } from './appraisal';
import type { ActivityDeps } from './deps';
import { notify } from './notify';
import { recordPhase, recordYearStatus } from './phase';
import { rankYear } from './ranking';

/**
 * Every activity, bound to its dependencies. Each is idempotent: its writes are keyed by workflow id
 * and step, and notices by their message key, so Temporal's retries never act twice.
 */
export function createActivities(deps: ActivityDeps) {
  return {
    recordPhase: (a: Parameters<typeof recordPhase>[1]) => recordPhase(deps, a),
    recordYearStatus: (a: Parameters<typeof recordYearStatus>[1]) => recordYearStatus(deps, a),
    lockSelfAssessment: (a: Parameters<typeof lockSelfAssessment>[1]) => lockSelfAssessment(deps, a),
    recordAppraisal: (a: Parameters<typeof recordAppraisal>[1]) => recordAppraisal(deps, a),
    recordFieldDone: (a: Parameters<typeof recordFieldDone>[1]) => recordFieldDone(deps, a),
    notify: (a: Parameters<typeof notify>[1]) => notify(deps, a),
    rankYear: (a: Parameters<typeof rankYear>[1]) => rankYear(deps, a),
  };
}

export type { ActivityDeps };
