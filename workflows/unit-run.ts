import { upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { PhaseDeadlineKind } from '../domain/phases';
import { deadlineInstants } from '../domain/year-config';
import type { NotifyArgs } from '../activities/notify';
import { Notices } from './proxies';
import { PHASE_DEADLINE } from './search-attributes';
import type { InFlight, RuleContext } from './unit-rules';
import type { LeafRef, UnitAssessmentInput, UnitState } from './types';

/** What the unit workflow's main flow and its message handlers share. */
export class UnitRun {
  readonly workflowId = workflowInfo().workflowId;
  readonly leaves: ReadonlyMap<string, LeafRef>;
  readonly state: UnitState;
  readonly inFlight: InFlight = { submitting: false, excluding: false, extending: false, recording: new Map(), finishing: new Set(), explaining: new Set() };
  readonly notices = new Notices();
  published = false;
  /** The cycle has been told this unit is ready for the council. */
  readySent = false;

  constructor(readonly input: UnitAssessmentInput) {
    this.leaves = new Map(input.leaves.map((l) => [l.code, l]));
    const year = deadlineInstants(input.config.deadlines);
    this.state = {
      phase: 'SELF_ASSESSMENT',
      phaseDeadline: year.selfAssessment,
      deadlines: {
        selfAssessment: year.selfAssessment,
        surveyClose: year.surveyClose,
        appraisalRound1: year.appraisalRound1,
        explanation: null,
        finalAppraisal: year.appraisalRound2,
        reportToChair: year.reportToChair,
      },
      submittedAt: null,
      submittedBy: null,
      late: false,
      surveyClosed: false,
      notApplicable: [],
      round: 1,
      disputeRound: 0,
      fields: {},
      appraised: [],
      flagged: [],
      explained: [],
      decisions: {},
      escalated: [],
      extensions: 0,
      excluded: null,
      rankingStarted: false,
      rank: null,
      classification: null,
    };
  }

  rules(): RuleContext {
    return { state: this.state, leaves: this.leaves, config: this.input.config, inFlight: this.inFlight, now: Date.now() };
  }

  /** Some update is still recording; phase changes wait for it. */
  busy(): boolean {
    const f = this.inFlight;
    return f.submitting || f.excluding || f.extending || f.recording.size > 0 || f.finishing.size > 0 || f.explaining.size > 0;
  }

  /** Counts an appraisal or decision being recorded in a field. */
  hold(field: string): void {
    this.inFlight.recording.set(field, (this.inFlight.recording.get(field) ?? 0) + 1);
  }

  release(field: string): void {
    const left = (this.inFlight.recording.get(field) ?? 1) - 1;
    if (left > 0) this.inFlight.recording.set(field, left);
    else this.inFlight.recording.delete(field);
  }

  notify(args: Omit<NotifyArgs, 'workflowId' | 'assessmentId' | 'at'>): void {
    this.notices.send({ workflowId: this.workflowId, assessmentId: this.input.assessmentId, at: Date.now(), ...args });
  }

  get excluded(): boolean {
    return this.state.excluded !== null;
  }

  /** Fields of a round whose appraisal is not finished. */
  pendingFields(round: number): string[] {
    return Object.entries(this.state.fields[String(round)] ?? {})
      .filter(([, status]) => status === 'pending')
      .map(([field]) => field);
  }

  /** Moves the unit's own deadline of this kind (an extension), keeping the search attribute in step. */
  setDeadline(kind: PhaseDeadlineKind, until: number): void {
    this.state.deadlines[kind] = until;
    this.state.phaseDeadline = until;
    upsertSearchAttributes([{ key: PHASE_DEADLINE, value: new Date(until) }]);
  }
}

export function addTo(list: string[], item: string): void {
  if (!list.includes(item)) list.push(item);
}
