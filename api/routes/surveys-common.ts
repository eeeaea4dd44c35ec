import { z } from 'zod';
import { SurveyError } from '../../domain/surveys/errors';
import { ANSWER_OPTIONS } from '../../domain/surveys/options';
import type { Principal } from '../auth/principal';
import { HttpProblem } from '../problem';
import { yearParam } from '../validate';

/** Pieces shared by the survey routes (api/routes/surveys*.ts). */

/** A survey refusal as the problem document the rest of the API sends. */
export function asProblem(error: unknown): unknown {
  if (!(error instanceof SurveyError)) return error;
  return new HttpProblem(error.status, error.title, error.detail, { code: error.code, ...(error.errors ? { errors: error.errors } : {}) });
}

/** Runs a survey action, turning its refusals into problems. */
export async function surveyCall<T>(action: Promise<T>): Promise<T> {
  try {
    return await action;
  } catch (error) {
    throw asProblem(error);
  }
}

export const actorOf = (principal: Principal) => ({ username: principal.username, role: principal.role });

/** Hundredths → the API's decimal numbers. */
export const dec = (h: number | null | undefined): number | null => (h === null || h === undefined ? null : h / 100);

export const yearParams = z.strictObject({ year: yearParam });
export const surveyCode = z
  .string()
  .regex(/^[A-Z0-9_]{1,40}$/, 'Mã chỉ gồm chữ in hoa, số và dấu gạch dưới (tối đa 40 ký tự)')
  .meta({ example: 'LD_HUYEN' });
export const optionSchema = z.enum(ANSWER_OPTIONS, { error: 'Phương án trả lời chỉ nhận A, B, C, D hoặc E' });
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const MAX_XLSX_BYTES = 10 * 1024 * 1024;
export const SURVEY_TOKEN_HEADER = 'X-Survey-Token';

export const fieldErrors = z.array(z.object({ field: z.string(), message: z.string(), row: z.number().int().optional(), column: z.string().optional() }));
