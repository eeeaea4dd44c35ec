import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parseCriteriaSet } from '../../domain/criteria/parse';
import type { CriteriaSet } from '../../domain/criteria/types';
import { saveQuestionnaire, surveyDesign } from '../../services/surveys/design';
import { SurveyError } from '../../domain/surveys/errors';
import { validateQuestionnaire } from '../../domain/surveys/validate-questionnaire';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { ACTOR, seedSurveyOrg, surveySet, surveyYear, YEAR } from './fixtures';

function set(groupCode: string, extra?: (tree: any) => void): CriteriaSet {
  const tree = surveySet(YEAR, groupCode) as any;
  extra?.(tree);
  const parsed = parseCriteriaSet(tree);
  if (!parsed.ok) throw new Error(parsed.issues.map((i) => i.message).join('; '));
  return parsed.value;
}

/** A districts' set with a survey leaf 2.1.3 the departments' set does not have. */
const districts = set('HUYEN', (tree) => {
  const field = tree.nodes[1];
  field.max = 600;
  tree.scale = 1100;
  field.children[0].max = 450;
  field.children[0].children.push({ code: '2.1.3', title: 'Đánh giá của lãnh đạo sở về tác động CCHC', max: 100, kind: 'survey', scoredBy: 'survey', method: 'Theo hướng dẫn', evidence: 'Kết quả điều tra' });
});
const sets = new Map([
  ['SO_NGANH', set('SO_NGANH')],
  ['HUYEN', districts],
]);

describe('questionnaire validation', () => {
  it('accepts questions each mapped to a survey-scored leaf of the target group', () => {
    expect(validateQuestionnaire({ targetGroupCode: 'SO_NGANH', questions: [{ code: 'C1', text: 'Câu 1', leafCode: '2.1.1' }, { code: 'C2', text: 'Câu 2', leafCode: '2.1.2' }] }, sets)).toEqual([]);
  });

  it('names an unmapped question', () => {
    expect(validateQuestionnaire({ targetGroupCode: 'SO_NGANH', questions: [{ code: 'C1', text: 'Câu 1', leafCode: '2.1.1' }, { code: 'C7', text: 'Câu 7', leafCode: null }] }, sets)).toEqual([
      { field: 'questions[1].leafCode', message: 'Câu hỏi C7 chưa được gắn với tiêu chí nào; mỗi câu hỏi phải gắn với đúng một tiêu chí thành phần chấm bằng điều tra xã hội học.' },
    ]);
  });

  it('names a question mapped to a self-scored or satisfaction leaf, with the leaf', () => {
    const issues = validateQuestionnaire({ targetGroupCode: 'SO_NGANH', questions: [{ code: 'C1', text: 'Câu 1', leafCode: '1.1.1' }, { code: 'C2', text: 'Câu 2', leafCode: '2.2.1' }] }, sets);
    expect(issues).toEqual([
      {
        field: 'questions[0].leafCode',
        message: 'Câu hỏi C1 gắn với Tiêu chí thành phần 1.1.1 (“Ban hành kế hoạch CCHC năm”), loại “Theo mức”, người chấm “Đơn vị tự chấm”; chỉ được gắn với tiêu chí chấm bằng điều tra xã hội học.',
      },
      {
        field: 'questions[1].leafCode',
        message: 'Câu hỏi C2 gắn với Tiêu chí thành phần 2.2.1 (“Mức độ hài lòng về sự phục vụ”), loại “Khảo sát hài lòng”, người chấm “Khảo sát hài lòng”; chỉ được gắn với tiêu chí chấm bằng điều tra xã hội học.',
      },
    ]);
  });

  it('names a leaf of another group, a code that exists nowhere, a criterion with sub-criteria and a repeated code', () => {
    const issues = validateQuestionnaire(
      {
        targetGroupCode: 'SO_NGANH',
        questions: [
          { code: 'C1', text: 'Câu 1', leafCode: '2.1.3' },
          { code: 'C2', text: 'Câu 2', leafCode: '9.9.9' },
          { code: 'C3', text: 'Câu 3', leafCode: '2.1' },
          { code: 'C1', text: 'Câu 4', leafCode: '2.1.1' },
        ],
      },
      sets,
    );
    expect(issues.map((i) => i.message)).toEqual([
      'Câu hỏi C1 gắn với Tiêu chí thành phần 2.1.3 của bộ tiêu chí nhóm HUYEN, không thuộc bộ tiêu chí nhóm SO_NGANH mà phiếu này đánh giá.',
      'Câu hỏi C2 gắn với mã 9.9.9, không có trong bộ tiêu chí nhóm SO_NGANH.',
      'Câu hỏi C3 gắn với Tiêu chí 2.1 là tiêu chí có tiêu chí con; hãy gắn với một tiêu chí thành phần chấm bằng điều tra xã hội học.',
      'Mã câu hỏi C1 trùng với câu hỏi thứ 1.',
    ]);
  });

  it('refuses a questionnaire without questions, and a target group without a criteria set', () => {
    expect(validateQuestionnaire({ targetGroupCode: 'SO_NGANH', questions: [] }, sets).map((i) => i.message)).toEqual(['Phiếu khảo sát phải có ít nhất một câu hỏi.']);
    expect(validateQuestionnaire({ targetGroupCode: 'XA', questions: [{ code: 'C1', text: 'x', leafCode: '2.1.1' }] }, sets).map((i) => i.message)).toEqual([
      'Nhóm đơn vị XA chưa có bộ tiêu chí của năm này; chưa thể gắn câu hỏi với tiêu chí.',
    ]);
  });
});

describe('saving questionnaires', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
    await seedSurveyOrg(database.db);
    await surveyYear(database.db);
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('refuses an invalid questionnaire whole, keeping the saved one', async () => {
    const db = database.db;
    const error = await saveQuestionnaire(db, ACTOR, YEAR, 'LD_HUYEN', 'SO_NGANH', {
      title: 'Phiếu sửa',
      questions: [
        { code: 'C1', text: 'Câu 1', leafCode: '2.1.1' },
        { code: 'C2', text: 'Câu 2', leafCode: '1.1.2' },
      ],
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SurveyError);
    expect(error).toMatchObject({ status: 422, code: 'QUESTIONNAIRE_INVALID', errors: [{ field: 'body.questions[1].leafCode' }] });
    expect((error as SurveyError).errors![0]!.message).toContain('Câu hỏi C2 gắn với Tiêu chí thành phần 1.1.2');
    const design = await surveyDesign(db, YEAR);
    const saved = design.respondentGroups.find((g) => g.code === 'LD_HUYEN')!.questionnaires[0]!;
    expect(saved.title).toBe('Phiếu lãnh đạo huyện đánh giá các sở');
    expect(saved.questions.map((q) => [q.code, q.leafCode])).toEqual([
      ['C1', '2.1.1'],
      ['C2', '2.1.1'],
      ['C3', '2.1.2'],
    ]);
    expect(saved.issues).toEqual([]);
  });

  it('lists the survey-scored leaves no question feeds yet', async () => {
    const design = await surveyDesign(database.db, YEAR);
    expect(design.unfedLeaves).toEqual([
      { groupCode: 'HUYEN', leafCode: '2.1.1', title: 'Đánh giá về công tác chỉ đạo, điều hành CCHC của người đứng đầu' },
      { groupCode: 'HUYEN', leafCode: '2.1.2', title: 'Đánh giá về thái độ phục vụ của cán bộ, công chức' },
    ]);
  });

  it('refuses to change the questions once someone has answered', async () => {
    const db = database.db;
    const respondent = await db.surveyRespondent.create({
      data: { year: YEAR, respondentGroupId: (await db.surveyRespondentGroup.findFirstOrThrow({ where: { code: 'LD_HUYEN' } })).id, serial: 1, createdBy: 'sonoivu' },
    });
    const question = await db.surveyQuestion.findFirstOrThrow({ where: { code: 'C1', questionnaire: { respondentGroup: { code: 'LD_HUYEN' } } } });
    const unit = await db.unit.findUniqueOrThrow({ where: { code: 'SNV' } });
    await db.surveyAnswer.create({ data: { respondentId: respondent.id, questionId: question.id, unitId: unit.id, option: 'A' } });
    const error = await saveQuestionnaire(db, ACTOR, YEAR, 'LD_HUYEN', 'SO_NGANH', { title: 'x', questions: [{ code: 'C1', text: 'y', leafCode: '2.1.1' }] }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 409, code: 'QUESTIONNAIRE_IN_USE' });
  });
});
