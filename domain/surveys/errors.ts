/**
 * A survey action refused, with the HTTP status it maps to and a Vietnamese title and detail a person
 * can act on. The API turns it into a problem document; nothing was changed when it is thrown.
 */
export interface SurveyErrorField {
  field: string;
  message: string;
  /** Where in an uploaded workbook: row number and column letter. */
  row?: number;
  column?: string;
}

export class SurveyError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 422,
    readonly code: string,
    readonly title: string,
    readonly detail: string,
    readonly errors?: SurveyErrorField[],
  ) {
    super(detail);
    this.name = 'SurveyError';
  }
}

export const invalid = (detail: string, errors?: SurveyErrorField[], code = 'VALIDATION_FAILED') =>
  new SurveyError(422, code, 'Dữ liệu không hợp lệ', detail, errors);

export const missing = (detail: string) => new SurveyError(404, 'NOT_FOUND', 'Không tìm thấy', detail);

export const conflict = (code: string, title: string, detail: string) => new SurveyError(409, code, title, detail);
