import { describe, expect, it } from '@jest/globals';
import { DEFAULT_SURVEY_WEIGHTS } from '../../domain/scoring/survey';
import { reviewFlags, type ReviewAnswer, type ReviewForm } from '../../domain/surveys/honesty';

/** The review list flags patterns for Sở Nội vụ to look at; ordinary forms raise nothing. */
const groupOf: Record<string, string> = { SNV: 'SO_NGANH', STP: 'SO_NGANH', STC: 'SO_NGANH', SYT: 'SO_NGANH', LB: 'HUYEN', NH: 'HUYEN' };

function form(serial: number, unitCode: string | null, answers: Record<string, string>, respondentGroup = 'LD'): ReviewForm {
  const list: ReviewAnswer[] = [];
  for (const [unit, options] of Object.entries(answers)) {
    [...options].forEach((option, i) => list.push({ questionId: `Q${i + 1}`, unitCode: unit, unitGroupCode: groupOf[unit]!, option }));
  }
  return { serial, respondentGroup, unitCode, unitGroupCode: unitCode ? groupOf[unitCode]! : null, answers: list };
}

describe('review list of suspicious answers', () => {
  it('raises nothing for ordinary, varied forms', () => {
    const forms = [
      form(1, 'SNV', { STP: 'ABBC', STC: 'BBAC', LB: 'ABCB' }),
      form(2, 'LB', { SNV: 'BACB', STP: 'CBAB', NH: 'ABEB' }),
      form(3, null, { SNV: 'AABB', STP: 'BBCC' }),
    ];
    expect(reviewFlags(forms, DEFAULT_SURVEY_WEIGHTS)).toEqual([]);
  });

  it('flags a respondent from X rating X’s group far below the others', () => {
    const flags = reviewFlags([form(7, 'SNV', { STP: 'DDD', STC: 'DCD', LB: 'AAA', NH: 'AAB' })], DEFAULT_SURVEY_WEIGHTS);
    expect(flags).toEqual([
      {
        code: 'PEER_DOWNRATING',
        title: 'Chấm thấp các đơn vị cùng nhóm với đơn vị mình',
        detail: 'Phiếu số 7 (nhóm LD, đơn vị SNV) chấm các đơn vị cùng nhóm SO_NGANH bình quân 3,33% (6 câu) nhưng các đơn vị nhóm khác 93,33% (6 câu).',
        serials: [7],
        unitCodes: ['SNV'],
      },
    ]);
  });

  it('flags a respondent from X rating some of X’s peers all best and others all worst', () => {
    const flags = reviewFlags([form(8, 'SNV', { STP: 'AAAA', SYT: 'AAAA', STC: 'DDDD' })], DEFAULT_SURVEY_WEIGHTS);
    expect(flags.map((f) => [f.code, f.detail])).toEqual([
      ['PEER_SPLIT', 'Phiếu số 8 (nhóm LD, đơn vị SNV) chọn phương án cao nhất cho mọi câu về STP, SYT nhưng thấp nhất cho mọi câu về STC (cùng nhóm SO_NGANH với đơn vị mình).'],
    ]);
  });

  it('flags a form with the lowest option everywhere, and E answers do not hide it', () => {
    const flags = reviewFlags([form(9, null, { SNV: 'DDDE', STP: 'DDDD' })], DEFAULT_SURVEY_WEIGHTS);
    expect(flags.map((f) => [f.code, f.detail, f.unitCodes])).toEqual([['UNIFORM_LOWEST', 'Phiếu số 9 (nhóm LD) chọn phương án thấp nhất cho cả 7 câu trả lời về 2 đơn vị.', []]]);
  });

  it('flags identical answer strings from several codes, naming them and their units', () => {
    const same = { SNV: 'ABAC', STP: 'BBCA' };
    const flags = reviewFlags([form(3, 'LB', same), form(11, null, same), form(5, 'NH', same), form(6, 'NH', { ...same, STP: 'BBCB' })], DEFAULT_SURVEY_WEIGHTS);
    expect(flags).toEqual([
      { code: 'IDENTICAL_FORMS', title: 'Nhiều phiếu có câu trả lời giống hệt nhau', detail: '3 phiếu (số 3, 5, 11) có toàn bộ 8 câu trả lời giống hệt nhau.', serials: [3, 5, 11], unitCodes: ['LB', 'NH'] },
    ]);
    // Two identical forms are not enough, nor are very short ones.
    expect(reviewFlags([form(3, 'LB', same), form(11, null, same)], DEFAULT_SURVEY_WEIGHTS)).toEqual([]);
    expect(reviewFlags([1, 2, 3, 4].map((s) => form(s, null, { SNV: 'AB' })), DEFAULT_SURVEY_WEIGHTS)).toEqual([]);
  });

  it('follows the year’s weights: with only A–C counted, C is the lowest option', () => {
    const flags = reviewFlags([form(4, null, { SNV: 'CCC', STP: 'CCCD' })], { A: 100, B: 50, C: 0 });
    expect(flags.map((f) => f.code)).toEqual(['UNIFORM_LOWEST']);
  });
});
