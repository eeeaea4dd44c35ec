import { z } from 'zod';
import { formatDateVn } from '../domain/calendar';
import { deadlineInstants, validateYearConfig, type YearConfig } from '../domain/year-config';
import { unprocessable } from './problem';
import { hundredths } from './validate';

/**
 * A year's configuration as the API speaks it (percentages as decimal numbers) and its conversion to
 * the domain's YearConfig (hundredths), which domain/year-config.ts validates.
 */

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Ngày có dạng YYYY-MM-DD').meta({ example: '2024-03-31' });
const days = (label: string) => z.number({ error: `${label} phải là số` }).int(`${label} phải là số nguyên`);

export const yearConfigBody = z.strictObject({
  deadlines: z.strictObject({
    selfAssessment: isoDate.meta({ description: 'Hạn tự đánh giá, nhập số liệu, minh chứng (chỉ thị: 31/3)' }),
    surveyClose: isoDate.meta({ description: 'Hạn đóng điều tra xã hội học' }),
    appraisalRound1: isoDate.meta({ description: 'Hạn thẩm định vòng 1' }),
    appraisalRound2: isoDate.meta({ description: 'Hạn thẩm định vòng 2 (chính thức)' }),
    reportToChair: isoDate.meta({ description: 'Hạn báo cáo Chủ tịch Hội đồng (chỉ thị: 10/5)' }),
  }),
  reminderDaysBefore: z.array(days('Số ngày nhắc')).max(10, 'Tối đa 10 lần nhắc'),
  explanationWindowDays: days('Thời hạn giải trình'),
  disputeRounds: days('Số vòng giải trình'),
  classification: z
    .array(
      z.strictObject({
        code: z.string().trim().min(1, 'Cần mã xếp loại').max(10, 'Mã tối đa 10 ký tự'),
        label: z.string().trim().min(1, 'Cần tên xếp loại').max(100, 'Tên tối đa 100 ký tự'),
        minIndex: hundredths('Ngưỡng chỉ số (%)', 100),
      }),
    )
    .min(1, 'Cần ít nhất một mức xếp loại')
    .max(10, 'Tối đa 10 mức')
    .optional()
    .meta({ description: 'Mức xếp loại theo ngưỡng chỉ số (%), giảm dần, mức cuối từ 0' }),
  scoring: z
    .strictObject({
      surveyWeights: z
        .record(z.string().regex(/^[A-Z]$/, 'Phương án là một chữ cái in hoa'), z.number().int('Trọng số là số nguyên').min(0).max(100))
        .optional()
        .meta({ description: 'Trọng số (%) của từng phương án trả lời; phương án không có ở đây (ví dụ E) không được tính' }),
      noSurveyData: z.enum(['exclude', 'zero']).optional().meta({ description: 'Tiêu chí điều tra chưa có dữ liệu: bỏ khỏi điểm tối đa, hoặc tính 0 điểm' }),
    })
    .optional(),
});

export type YearConfigBody = z.output<typeof yearConfigBody>;

/** The body (already in hundredths) as the domain's config; refuses what the domain refuses. */
export function toYearConfig(body: YearConfigBody, field = 'body.config'): YearConfig {
  const config: YearConfig = {
    deadlines: body.deadlines,
    reminderDaysBefore: body.reminderDaysBefore,
    explanationWindowDays: body.explanationWindowDays,
    disputeRounds: body.disputeRounds,
    ...(body.classification ? { classification: body.classification } : {}),
    ...(body.scoring ? { scoring: body.scoring } : {}),
  };
  const issues = validateYearConfig(config);
  if (issues.length) throw unprocessable('Cấu hình năm không hợp lệ.', issues.map((i) => ({ field: `${field}.${i.field}`, message: i.message })), 'YEAR_CONFIG_INVALID');
  return config;
}

export const yearConfigSchema = z.object({
  deadlines: z.object({ selfAssessment: z.string(), surveyClose: z.string(), appraisalRound1: z.string(), appraisalRound2: z.string(), reportToChair: z.string() }),
  reminderDaysBefore: z.array(z.number().int()),
  explanationWindowDays: z.number().int(),
  disputeRounds: z.number().int(),
  classification: z.array(z.object({ code: z.string(), label: z.string(), minIndex: z.number() })).optional(),
  scoring: z.object({ surveyWeights: z.record(z.string(), z.number()).optional(), noSurveyData: z.enum(['exclude', 'zero']).optional() }).optional(),
});

/** The stored config back in API units (percentages as decimals). */
export function yearConfigView(config: YearConfig): z.infer<typeof yearConfigSchema> {
  return {
    deadlines: config.deadlines,
    reminderDaysBefore: config.reminderDaysBefore,
    explanationWindowDays: config.explanationWindowDays,
    disputeRounds: config.disputeRounds,
    ...(config.classification ? { classification: config.classification.map((b) => ({ code: b.code, label: b.label, minIndex: b.minIndex / 100 })) } : {}),
    ...(config.scoring ? { scoring: config.scoring as { surveyWeights?: Record<string, number>; noSurveyData?: 'exclude' | 'zero' } } : {}),
  };
}

export const deadlineViewSchema = z.record(z.string(), z.object({ date: z.string(), display: z.string(), endsAt: z.iso.datetime() }));

/** Each deadline as its date, its dd/mm/yyyy display and the instant it ends (23:59:59.999 in Vietnam). */
export function deadlinesView(config: YearConfig): z.infer<typeof deadlineViewSchema> {
  const at = deadlineInstants(config.deadlines);
  return Object.fromEntries(
    Object.entries(config.deadlines).map(([key, date]) => {
      const instant = at[key as keyof typeof at];
      return [key, { date, display: formatDateVn(instant), endsAt: new Date(instant).toISOString() }];
    }),
  );
}
