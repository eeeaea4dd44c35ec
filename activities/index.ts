import { lockSelfAssessment } from './self-assessment';
import { recordAppraisal, recordFieldDone } from './appraisal';
import type { ActivityDeps } from './deps';
import { recordDecision, recordExplanation } from './dispute';
import { notify } from './notify';
import { recordDeadlineExtension, recordExclusion, recordMissedDeadline } from './oversight';
import { recordPhase, recordYearStatus } from './phase';
import { rankYear } from './ranking';
import { createSurveyActivities } from './surveys';

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
    recordExplanation: (a: Parameters<typeof recordExplanation>[1]) => recordExplanation(deps, a),
    recordDecision: (a: Parameters<typeof recordDecision>[1]) => recordDecision(deps, a),
    recordExclusion: (a: Parameters<typeof recordExclusion>[1]) => recordExclusion(deps, a),
    recordDeadlineExtension: (a: Parameters<typeof recordDeadlineExtension>[1]) => recordDeadlineExtension(deps, a),
    recordMissedDeadline: (a: Parameters<typeof recordMissedDeadline>[1]) => recordMissedDeadline(deps, a),
    notify: (a: Parameters<typeof notify>[1]) => notify(deps, a),
    rankYear: (a: Parameters<typeof rankYear>[1]) => rankYear(deps, a),
    ...createSurveyActivities(deps),
  };
}

export type { ActivityDeps };
