import type { Db, Prisma } from '../../lib/db/prisma';
import type { YearConfig } from '../../domain/year-config';
import { saveQuestionnaire, saveRespondentGroup } from '../../services/surveys/design';
import { seedOrg } from '../support/org';
import { createYear } from '../support/year';

/**
 * A small province for survey tests: departments SNV, STP, STC (group SO_NGANH) and districts LB, NH
 * (group HUYEN), each group with a 10-point criteria set whose field 2 is scored by surveys:
 * 2.1.1 (2,00 points) and 2.1.2 (1,50) by the sociological survey, 2.2.1 (1,50) by the satisfaction
 * survey. District leaders (LD_HUYEN) and department leaders (LD_SO) rate the departments.
 */
export const YEAR = 2023;
export const ACTOR = { username: 'sonoivu', role: 'secretariat' };

export function surveySet(year: number, groupCode: string): Record<string, unknown> {
  const leaf = (code: string, title: string, max: number, kind: string, extra: Record<string, unknown> = {}) => ({
    code,
    title,
    max,
    kind,
    scoredBy: kind === 'survey' ? 'survey' : kind === 'satisfaction' ? 'satisfaction' : 'self',
    method: 'Theo hướng dẫn',
    evidence: kind === 'survey' || kind === 'satisfaction' ? 'Kết quả khảo sát' : 'Văn bản của đơn vị',
    ...extra,
  });
  return {
    format: 'par-criteria-set',
    version: 1,
    year,
    groupCode,
    title: `Bộ tiêu chí thử nghiệm điều tra ${groupCode} năm ${year}`,
    sample: true,
    scale: 1000,
    nodes: [
      {
        code: '1',
        title: 'Công tác chỉ đạo, điều hành CCHC',
        max: 500,
        children: [
          {
            code: '1.1',
            title: 'Kế hoạch CCHC năm',
            max: 500,
            children: [
              leaf('1.1.1', 'Ban hành kế hoạch CCHC năm', 300, 'tiered', {
                levels: [
                  { points: 300, label: 'Ban hành đúng thời hạn' },
                  { points: 150, label: 'Ban hành chậm' },
                  { points: 0, label: 'Không ban hành' },
                ],
              }),
              leaf('1.1.2', 'Báo cáo CCHC định kỳ đầy đủ', 200, 'binary'),
            ],
          },
        ],
      },
      {
        code: '2',
        title: 'Tác động của cải cách hành chính',
        max: 500,
        children: [
          {
            code: '2.1',
            title: 'Đánh giá của lãnh đạo',
            max: 350,
            children: [
              leaf('2.1.1', 'Đánh giá về công tác chỉ đạo, điều hành CCHC của người đứng đầu', 200, 'survey'),
              leaf('2.1.2', 'Đánh giá về thái độ phục vụ của cán bộ, công chức', 150, 'survey'),
            ],
          },
          { code: '2.2', title: 'Sự hài lòng của người dân, tổ chức', max: 150, children: [leaf('2.2.1', 'Mức độ hài lòng về sự phục vụ', 150, 'satisfaction')] },
        ],
      },
    ],
  };
}

/** Deadlines far ahead, so the real clock is inside the survey. */
export function openConfig(): YearConfig {
  return {
    deadlines: { selfAssessment: '2099-03-31', surveyClose: '2099-03-31', appraisalRound1: '2099-04-15', appraisalRound2: '2099-04-30', reportToChair: '2099-05-10' },
    reminderDaysBefore: [7, 1],
    explanationWindowDays: 5,
    disputeRounds: 1,
  };
}

export const DEPARTMENTS = ['SNV', 'STP', 'STC'];
export const DISTRICTS = ['LB', 'NH'];

export async function seedSurveyOrg(db: Db): Promise<void> {
  await seedOrg(db, {
    groups: [
      { code: 'SO_NGANH', name: 'Sở, ban, ngành', units: DEPARTMENTS },
      { code: 'HUYEN', name: 'UBND huyện, thành phố', units: DISTRICTS },
    ],
    users: [{ username: 'sonoivu', role: 'secretariat' }],
  });
}

/** The organisation, a year with the survey sets (status as given) and the survey design. */
export async function surveyYear(db: Db, options: { status?: string; config?: YearConfig; year?: number } = {}): Promise<void> {
  const year = options.year ?? YEAR;
  await createYear(db, year, { config: options.config ?? openConfig(), sets: { SO_NGANH: surveySet(year, 'SO_NGANH'), HUYEN: surveySet(year, 'HUYEN') } });
  if (options.status) await db.year.update({ where: { year }, data: { status: options.status } });
  await saveRespondentGroup(db, ACTOR, year, 'LD_HUYEN', { name: 'Lãnh đạo UBND huyện, thành phố', order: 1 });
  await saveRespondentGroup(db, ACTOR, year, 'LD_SO', { name: 'Lãnh đạo các sở, ban, ngành', order: 2 });
  const questions = [
    { code: 'C1', text: 'Người đứng đầu cơ quan chỉ đạo CCHC sát sao, kịp thời?', leafCode: '2.1.1' },
    { code: 'C2', text: 'Kế hoạch CCHC của cơ quan được triển khai đầy đủ?', leafCode: '2.1.1' },
    { code: 'C3', text: 'Cán bộ, công chức của cơ quan có thái độ phục vụ tận tình?', leafCode: '2.1.2' },
  ];
  await saveQuestionnaire(db, ACTOR, year, 'LD_HUYEN', 'SO_NGANH', { title: 'Phiếu lãnh đạo huyện đánh giá các sở', questions });
  await saveQuestionnaire(db, ACTOR, year, 'LD_SO', 'SO_NGANH', { title: 'Phiếu lãnh đạo sở đánh giá các sở', questions });
}

/** Assessment rows as starting the year creates them (without running its workflows). */
export async function createAssessments(db: Db, year = YEAR): Promise<Map<string, string>> {
  const sets = await db.criteriaSet.findMany({ where: { year }, include: { group: { include: { units: true } } } });
  const ids = new Map<string, string>();
  for (const set of sets) {
    for (const unit of set.group.units) {
      const a = await db.assessment.create({
        data: {
          year,
          unitId: unit.id,
          groupId: set.groupId,
          criteriaSetId: set.id,
          workflowId: `par/${year}/${unit.code}`,
          phase: 'SURVEY',
          selfDeadline: new Date('2099-03-31T16:59:59.999Z'),
        },
      });
      ids.set(unit.code, a.id);
    }
  }
  return ids;
}

/** Self-scores as a unit would have saved them (leaf code → hundredths). */
export async function selfScores(db: Db, assessmentId: string, scores: Record<string, number>): Promise<void> {
  for (const [leafCode, selfScore] of Object.entries(scores)) {
    await db.leafScore.create({ data: { assessmentId, leafCode, selfScore } satisfies Prisma.LeafScoreUncheckedCreateInput });
  }
}

export async function unitId(db: Db, code: string): Promise<string> {
  return (await db.unit.findUniqueOrThrow({ where: { code } })).id;
}
