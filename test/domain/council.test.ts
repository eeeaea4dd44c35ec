import { describe, expect, it } from '@jest/globals';
import { appraisalRefusal, appraisersOf, fieldsOfDuty, fieldsToAppraise, fieldsToPrepare, substituteProblem, type CouncilDuty } from '../../domain/council';

const director: CouncilDuty = { fields: ['1', '5'], conflictUnits: ['SNV'], substituteFor: [] };
const deputy: CouncilDuty = { fields: ['2'], conflictUnits: [], substituteFor: [{ unitCode: 'SNV', fieldCode: '1' }, { unitCode: 'SNV', fieldCode: '5' }] };
const duties = new Map([
  ['giamdoc', director],
  ['phogiamdoc', deputy],
]);

describe('who appraises which unit and field', () => {
  it('leaves a unit the member belongs to to its substitute, and keeps every other unit', () => {
    expect(fieldsToAppraise(director, 'SNV')).toEqual([]);
    expect(fieldsToAppraise(director, 'STP')).toEqual(['1', '5']);
    expect(fieldsToAppraise(deputy, 'SNV')).toEqual(['1', '2', '5']);
    expect(fieldsToAppraise(deputy, 'STP')).toEqual(['2']);
    expect(fieldsOfDuty(deputy)).toEqual(['1', '2', '5']);
    expect(appraisersOf(duties, 'SNV', '1')).toEqual(['phogiamdoc']);
    expect(appraisersOf(duties, 'STP', '1')).toEqual(['giamdoc']);
  });

  it('says why, in Vietnamese, and refuses a substitute who belongs to the unit', () => {
    expect(appraisalRefusal(director, 'SNV', '1', 2023)).toMatchObject({ code: 'CONFLICT_OF_INTEREST', message: expect.stringContaining('xung đột lợi ích') });
    expect(appraisalRefusal(director, 'STP', '2', 2023)).toMatchObject({ code: 'FORBIDDEN', message: 'Lĩnh vực 2 không được phân công cho bạn trong năm 2023.' });
    expect(appraisalRefusal(deputy, 'SNV', '1', 2023)).toBeNull();
    expect(substituteProblem(director, 'SNV', 'giamdoc')).toContain('SNV');
    expect(substituteProblem(deputy, 'SNV', 'phogiamdoc')).toBeNull();
  });

  it('lets an assistant prepare exactly what the members they help appraise', () => {
    expect(fieldsToPrepare([director], 'SNV')).toEqual([]);
    expect(fieldsToPrepare([director, deputy], 'SNV')).toEqual(['1', '2', '5']);
    expect(fieldsToPrepare([director, deputy], 'STP')).toEqual(['1', '2', '5']);
  });
});
