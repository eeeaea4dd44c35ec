import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startYear } from '../../services/start-year';
import { unitStateQuery } from '../../workflows/messages';
import { seedOrg } from '../support/org';
import { WAIT_BOUND_MS } from '../support/wait';
import { eventually } from '../support/system';
import { startTimeSkippingYear, type TimeSkippingYear } from '../support/time-skipping';
import { createYear } from '../support/year';

/** The 31 March deadline of the 2023 assessment fires on the time-skipping server in seconds. */
describe('self-assessment deadline (31/03/2024) on the time-skipping server', () => {
  let y: TimeSkippingYear;

  beforeAll(async () => {
    y = await startTimeSkippingYear('2024-03-01 00:00:00');
    await seedOrg(y.db, { groups: [{ code: 'SO_NGANH', units: ['SNV'] }], users: [{ username: 'sonoivu', role: 'secretariat' }] });
    await createYear(y.db, 2023);
  });
  afterAll(async () => {
    await y?.close();
  });

  it('locks an unsubmitted draft at the end of 31/03/2024 (Vietnam time) and records it as late', async () => {
    const startedAt = Date.now();
    await startYear(y.db, y.env.client, y.taskQueue, 2023, 'sonoivu');
    const unit = y.env.client.workflow.getHandle('par/2023/SNV');
    const initial = await eventually(() => unit.query(unitStateQuery), 'unit workflow started');
    expect(initial.phase).toBe('SELF_ASSESSMENT');
    expect(new Date(initial.deadlines.selfAssessment).toISOString()).toBe('2024-03-31T16:59:59.999Z');

    // Thirty-one days pass on the server's clock.
    await y.env.sleep('31 days');
    const state = await unit.query(unitStateQuery);
    expect(state.late).toBe(true);
    expect(state.phase).not.toBe('SELF_ASSESSMENT');
    // Locked the moment the deadline passed: right after 23:59:59.999 on 31/03/2024 in Vietnam.
    const deadline = Date.parse('2024-03-31T16:59:59.999Z');
    expect(state.submittedAt! - deadline).toBeGreaterThan(0);
    expect(state.submittedAt! - deadline).toBeLessThan(1000);

    const row = await y.db.assessment.findFirstOrThrow({ where: { workflowId: 'par/2023/SNV' } });
    expect(row.late).toBe(true);
    expect(row.lockedAt?.getTime()).toBe(state.submittedAt);
    await y.smtp.waitFor((mails) => mails.some((m) => m.subject?.includes('quá hạn tự đánh giá')));
    // The 31 days were skipped, not waited out: well inside one wait's bound of wall time.
    expect(Date.now() - startedAt).toBeLessThan(WAIT_BOUND_MS);
  });
});
