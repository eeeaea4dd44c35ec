import { describe, expect, it } from '@jest/globals';
import { parseCriteriaSet, parseCriteriaSetJson, criteriaSetToJson, validateCriteriaSet, type IssueCode } from '../../domain';
import { miniSet, mutable, type Loose } from './fixtures';

function issuesOf(raw: unknown) {
  const result = parseCriteriaSet(raw);
  if (result.ok) throw new Error('expected the set to be refused');
  return result.issues;
}

describe('parseCriteriaSet', () => {
  it('accepts the mini set unchanged and round-trips it through JSON', () => {
    const result = parseCriteriaSet(mutable(miniSet()));
    expect(result).toEqual({ ok: true, value: miniSet() });
    if (!result.ok) return;
    const again = parseCriteriaSetJson(criteriaSetToJson(result.value));
    expect(again).toStrictEqual(result);
  });

  it('normalises text: trims and NFC', () => {
    const raw = mutable(miniSet());
    raw.title = '  Bo\u0302\u0323 tiêu chí  '; // "Bộ" typed with combining marks
    const result = parseCriteriaSet(raw);
    expect(result.ok && result.value.title).toBe('Bộ tiêu chí');
  });

  it('refuses non-JSON and foreign files', () => {
    expect(parseCriteriaSetJson('{')).toEqual({ ok: false, issues: [expect.objectContaining({ code: 'INVALID_FORMAT' })] });
    expect(issuesOf({ format: 'other' })[0]).toMatchObject({ code: 'INVALID_FORMAT' });
    expect(issuesOf({ ...mutable(miniSet()), version: 2 })[0]).toMatchObject({ code: 'UNSUPPORTED_VERSION' });
    expect(issuesOf([])[0]).toMatchObject({ code: 'INVALID_VALUE' });
  });

  it('reports every shape problem at once, with node code, field and path', () => {
    const raw = mutable(miniSet());
    raw.nodes[0].children[0].children[0].max = 1.5; // not hundredths
    raw.nodes[0].children[1].colour = 'đỏ'; // unknown property
    delete raw.nodes[1].children[0].denominator;
    raw.nodes[1].children[1].kind = 'poll';
    raw.nodes[0].children[0].children[1].bands[0].to = undefined;
    const issues = issuesOf(raw);
    expect(issues.map((i) => [i.code, i.nodeCode, i.field])).toEqual([
      ['INVALID_NUMBER', '1.1.1', 'max'],
      ['MISSING_VALUE', '1.1.2', 'bands'],
      ['UNKNOWN_PROPERTY', '1.2', 'colour'],
      ['MISSING_VALUE', '2.1', 'denominator'],
      ['UNKNOWN_KIND', '2.2', 'kind'],
    ]);
    expect(issues[0]).toMatchObject({
      path: 'nodes[0].children[0].children[0].max',
      message: 'Tiêu chí thành phần 1.1.1: “max” phải là số nguyên tính theo phần trăm điểm (150 = 1,50), nhận được 1.5.',
    });
    expect(issues[4]!.message).toContain('Tiêu chí 2.2: loại tiêu chí "poll" không hợp lệ');
  });

  it('refuses a node that is both group and leaf, or neither', () => {
    const raw = mutable(miniSet());
    raw.nodes[0].children[1].children = [];
    delete raw.nodes[1].children[2].kind;
    expect(issuesOf(raw).map((i) => [i.code, i.nodeCode])).toEqual([
      ['INVALID_VALUE', '1.2'],
      ['MISSING_VALUE', '2.3'],
    ]);
  });

  it('refuses "bands" on a proportional formula, and a label on two lines', () => {
    const raw = mutable(miniSet());
    raw.nodes[0].children[2].bands = [];
    raw.nodes[0].children[0].children[0].levels[0].label = 'Đúng\nhạn';
    expect(issuesOf(raw).map((i) => [i.code, i.nodeCode, i.field])).toEqual([
      ['INVALID_VALUE', '1.1.1', 'levels'],
      ['INVALID_VALUE', '1.3', 'bands'],
    ]);
  });
});

/** Each case breaks one rule of the mini set and expects exactly that issue. */
const RULES: [string, (raw: Loose) => void, IssueCode, string | undefined, string][] = [
  [
    'duplicate codes',
    (r) => (r.nodes[0].children[1].code = '1.3'),
    'DUPLICATE_CODE',
    '1.3',
    'Mã 1.3 bị trùng (xuất hiện 2 lần).',
  ],
  [
    'maxima that do not add up to the parent',
    (r) => (r.nodes[0].children[0].max = 350),
    'MAX_SUM_MISMATCH',
    '1.1',
    'Tiêu chí 1.1: tổng điểm tối đa các mục con là 3,00, khác điểm tối đa 3,50 đã khai báo.',
  ],
  [
    'a total different from the declared scale',
    (r) => (r.scale = 1100),
    'SCALE_MISMATCH',
    undefined,
    'Bộ tiêu chí: tổng điểm tối đa các lĩnh vực là 10,00, khác thang điểm 11,00 đã khai báo.',
  ],
  [
    'overlapping bands',
    (r) => (r.nodes[0].children[0].children[1].bands[1].to = 9500),
    'BAND_OVERLAP',
    '1.1.2',
    'Tiêu chí thành phần 1.1.2: khoảng từ 70,00% đến dưới 95,00% và khoảng từ 90,00% trở lên chồng lên nhau.',
  ],
  [
    'bands that leave a gap',
    (r) => (r.nodes[0].children[0].children[1].bands[1].from = 7500),
    'BAND_GAP',
    '1.1.2',
    'Tiêu chí thành phần 1.1.2: tỷ lệ từ 70,00% đến dưới 75,00% chưa thuộc khoảng nào.',
  ],
  [
    'bands that do not start at 0 %',
    (r) => (r.nodes[0].children[0].children[1].bands[2].from = 100),
    'BAND_GAP',
    '1.1.2',
    'Tiêu chí thành phần 1.1.2: tỷ lệ từ 0,00% đến dưới 1,00% chưa thuộc khoảng nào.',
  ],
  [
    'bands with an upper end',
    (r) => (r.nodes[1].children[0].bands[0].to = 20000),
    'BAND_GAP',
    '2.1',
    'Tiêu chí 2.1: tỷ lệ từ 200,00% trở lên chưa thuộc khoảng nào.',
  ],
  [
    'a band above the maximum',
    (r) => (r.nodes[0].children[0].children[1].bands[1].points = 250),
    'BAND_INVALID',
    '1.1.2',
    'Tiêu chí thành phần 1.1.2: khoảng từ 70,00% đến dưới 90,00% cho 2,50 điểm, ngoài phạm vi 0 đến 2,00.',
  ],
  [
    'a band whose upper end is not above its lower end',
    (r) => (r.nodes[0].children[0].children[1].bands[1].to = 7000),
    'BAND_INVALID',
    '1.1.2',
    'Tiêu chí thành phần 1.1.2: khoảng từ 70,00% đến dưới 70,00% không hợp lệ (cận dưới phải từ 0 và nhỏ hơn cận trên).',
  ],
  [
    'no band giving the maximum',
    (r) => (r.nodes[0].children[0].children[1].bands[0].points = 150),
    'BAND_MAX_MISSING',
    '1.1.2',
    'Tiêu chí thành phần 1.1.2: không khoảng nào cho điểm tối đa 2,00.',
  ],
  [
    'a survey leaf marked self-scorable',
    (r) => (r.nodes[1].children[1].scoredBy = 'self'),
    'SURVEY_SELF_SCORED',
    '2.2',
    'Tiêu chí 2.2: loại Điều tra XHH được chấm bằng điều tra xã hội học, không phải “Đơn vị tự chấm” (scoredBy phải là "survey").',
  ],
  [
    'a satisfaction leaf marked self-scorable',
    (r) => (r.nodes[1].children[2].scoredBy = 'self'),
    'SURVEY_SELF_SCORED',
    '2.3',
    'Tiêu chí 2.3: loại Khảo sát hài lòng được chấm bằng khảo sát sự hài lòng, không phải “Đơn vị tự chấm” (scoredBy phải là "satisfaction").',
  ],
  [
    'a self-scored kind marked survey-scored',
    (r) => (r.nodes[0].children[1].scoredBy = 'survey'),
    'SCORED_BY_MISMATCH',
    '1.2',
    'Tiêu chí 1.2: loại Đạt/Không đạt do đơn vị tự chấm (scoredBy phải là "self"), không phải “Điều tra XHH”.',
  ],
  [
    'a bonus section without a cap',
    (r) => delete r.nodes[2].max,
    'CAP_MISSING',
    '9',
    'Mục 9: thiếu mức trần của mục điểm thưởng (tổng điểm tối đa được cộng phải lớn hơn 0).',
  ],
  [
    'a penalty item without a cap',
    (r) => delete r.nodes[3].children[0].max,
    'CAP_MISSING',
    '10.1',
    'Tiêu chí 10.1: thiếu mức trần (điểm tối đa của khoản trừ phải lớn hơn 0).',
  ],
  [
    'a bonus item outside a bonus section',
    (r) => {
      r.nodes[0].children[1] = { ...r.nodes[2].children[0], code: '1.2' };
      r.nodes[2].children[0].code = '9.1';
    },
    'ADJUSTMENT_MISPLACED',
    '1.2',
    'Tiêu chí 1.2: khoản điểm thưởng chỉ được đặt trong mục điểm thưởng.',
  ],
  [
    'an ordinary leaf inside a penalty section',
    (r) => r.nodes[3].children.push({ ...r.nodes[0].children[1], code: '10.2' }),
    'ADJUSTMENT_MISPLACED',
    '10.2',
    'Tiêu chí 10.2: mục điểm trừ chỉ chứa khoản loại Điểm trừ, không chứa loại Đạt/Không đạt.',
  ],
  [
    'a perOccurrence above the cap',
    (r) => (r.nodes[2].children[0].perOccurrence = 150),
    'PER_OCCURRENCE_INVALID',
    '9.1',
    'Tiêu chí 9.1: điểm mỗi lần (1,50) phải lớn hơn 0 và không vượt mức trần 1,00.',
  ],
  [
    'a level above the maximum',
    (r) => r.nodes[0].children[0].children[0].levels.push({ points: 150, label: 'Vượt' }),
    'LEVEL_INVALID',
    '1.1.1',
    'Tiêu chí thành phần 1.1.1: mức “Vượt” cho 1,50 điểm, ngoài phạm vi 0 đến 1,00.',
  ],
  [
    'two levels with the same points',
    (r) => (r.nodes[0].children[0].children[0].levels[2].points = 50),
    'LEVEL_DUPLICATE',
    '1.1.1',
    'Tiêu chí thành phần 1.1.1: có hai mức cùng cho 0,50 điểm.',
  ],
  [
    'no level giving the maximum',
    (r) => (r.nodes[0].children[0].children[0].levels[0].points = 80),
    'LEVEL_MAX_MISSING',
    '1.1.1',
    'Tiêu chí thành phần 1.1.1: không mức nào cho điểm tối đa 1,00.',
  ],
  [
    'a code that is not dotted numbers',
    (r) => (r.nodes[0].children[1].code = '1.b'),
    'INVALID_CODE',
    '1.b',
    'Mã “1.b” không hợp lệ: mã gồm các số nguyên dương nối bằng dấu chấm, ví dụ 1, 1.2, 1.2.3.',
  ],
  [
    'a code not under its parent',
    (r) => (r.nodes[0].children[1].code = '2.9'),
    'CODE_NOT_UNDER_PARENT',
    '2.9',
    'Mã 2.9 phải có dạng 1.n vì nằm trong Lĩnh vực 1.',
  ],
  [
    'a fourth level',
    (r) => {
      const leaf = r.nodes[0].children[0].children[0];
      r.nodes[0].children[0].children[0] = { code: '1.1.1', title: 'Nhóm', max: 100, children: [{ ...leaf, code: '1.1.1.1' }] };
    },
    'TOO_DEEP',
    '1.1.1.1',
    'Mã 1.1.1.1: bộ tiêu chí chỉ có 3 cấp (lĩnh vực, tiêu chí, tiêu chí thành phần).',
  ],
  [
    'a field that is a leaf',
    (r) => (r.nodes[1] = { ...r.nodes[1].children[0], code: '2', max: 400, bands: r.nodes[1].children[0].bands.map((b: Loose) => ({ ...b, points: b.points * 4 })) }),
    'FIELD_IS_LEAF',
    '2',
    'Mã 2: ở cấp cao nhất phải là lĩnh vực (có tiêu chí con) hoặc mục điểm thưởng/điểm trừ.',
  ],
  [
    'an empty group',
    (r) => {
      r.nodes[0].children[0].children = [];
      r.nodes[0].children[0].max = 0;
      r.nodes[0].max = 300;
      r.scale = 700;
    },
    'EMPTY_GROUP',
    '1.1',
    'Tiêu chí 1.1: không có tiêu chí con nào.',
  ],
  [
    'a leaf with no points',
    (r) => {
      r.nodes[0].children[1].max = 0;
      r.nodes[0].max = 500;
      r.scale = 900;
    },
    'MAX_NOT_POSITIVE',
    '1.2',
    'Tiêu chí 1.2: điểm tối đa phải lớn hơn 0.',
  ],
  [
    'a bad group code',
    (r) => (r.groupCode = 'sở ngành'),
    'INVALID_VALUE',
    undefined,
    'Bộ tiêu chí: mã nhóm đơn vị “sở ngành” không hợp lệ (chữ in hoa không dấu, số và dấu gạch dưới, ví dụ SO_NGANH).',
  ],
];

describe('validation rules', () => {
  it.each(RULES)('refuses %s', (_name, breakIt, code, nodeCode, message) => {
    const raw = mutable(miniSet());
    breakIt(raw);
    const issues = issuesOf(raw);
    expect(issues).toContainEqual(expect.objectContaining({ code, message, ...(nodeCode !== undefined ? { nodeCode } : {}) }));
    // Only the broken rule is reported.
    expect(new Set(issues.map((i) => i.code))).toEqual(new Set([code]));
  });

  it('finds nothing wrong with a valid set', () => {
    expect(validateCriteriaSet(miniSet())).toEqual([]);
  });
});
