import { describe, expect, it } from '@jest/globals';
import { DAY_MS, endOfDayVn, vnDateOf } from '../../domain/calendar';
import { canMove, isExtendable, PHASE_DEADLINE_KIND } from '../../domain/phases';
import { defaultYearConfig, explanationDeadline, finalAppraisalDeadline, remindersBefore } from '../../domain/year-config';

/** The pure deadline rules the workflows run on. */
describe('deadline rules', () => {
  const config = defaultYearConfig(2023);
  const vn = (s: string) => Date.parse(`${s}+07:00`);

  it('reads the Vietnam date of an instant', () => {
    expect(vnDateOf(vn('2024-03-31T23:59:59.999'))).toBe('2024-03-31');
    expect(vnDateOf(vn('2024-04-01T00:00:00.000'))).toBe('2024-04-01');
    expect(vnDateOf(Date.parse('2024-03-31T17:00:00Z'))).toBe('2024-04-01');
  });

  it('schedules reminders ahead of the deadline, earliest first, skipping those already past', () => {
    const deadline = endOfDayVn('2024-03-31');
    expect(remindersBefore(deadline, [1, 7, 7], vn('2024-03-01T08:00'))).toEqual([
      { daysBefore: 7, at: deadline - 7 * DAY_MS },
      { daysBefore: 1, at: deadline - DAY_MS },
    ]);
    expect(remindersBefore(deadline, [7, 1], vn('2024-03-27T08:00'))).toEqual([{ daysBefore: 1, at: deadline - DAY_MS }]);
    expect(remindersBefore(deadline, [7, 1], vn('2024-03-31T08:00'))).toEqual([]);
  });

  it('closes the explanation window at the end of the day N days on, never after the final appraisal deadline', () => {
    const round2 = endOfDayVn(config.deadlines.appraisalRound2);
    expect(explanationDeadline(vn('2024-04-10T15:30'), config, round2)).toBe(endOfDayVn('2024-04-15'));
    expect(explanationDeadline(vn('2024-04-28T09:00'), config, round2)).toBe(round2);
    // Opened after the round 2 deadline (round 1 ran late): the window keeps its full length.
    expect(explanationDeadline(vn('2024-05-02T09:00'), config, round2)).toBe(endOfDayVn('2024-05-07'));
  });

  it('gives a late final appraisal round time of its own', () => {
    const round2 = endOfDayVn(config.deadlines.appraisalRound2);
    expect(finalAppraisalDeadline(vn('2024-04-15T12:00'), config, round2)).toBe(round2);
    expect(finalAppraisalDeadline(vn('2024-04-29T12:00'), config, round2)).toBe(endOfDayVn('2024-05-04'));
  });

  it('knows which phases have a unit deadline to extend, and that a final round may lead to another dispute', () => {
    expect(Object.entries(PHASE_DEADLINE_KIND).filter(([, k]) => k).map(([p]) => p)).toEqual(['SELF_ASSESSMENT', 'APPRAISAL', 'DISPUTE', 'FINAL_APPRAISAL']);
    expect(isExtendable('SURVEY')).toBe(false);
    expect(canMove('FINAL_APPRAISAL', 'DISPUTE')).toBe(true);
    expect(canMove('SELF_ASSESSMENT', 'EXCLUDED')).toBe(false);
  });
});
