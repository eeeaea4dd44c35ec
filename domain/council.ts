/**
 * Who on the appraisal council appraises which field of which unit in a year.
 *
 * A member appraises the fields assigned to them for every unit — except a unit they belong to
 * (conflict of interest: their own unit on their account, or one Sở Nội vụ named for the year).
 * For such a unit and field Sở Nội vụ names a substitute member, who appraises it in their place.
 * Assistants (chuyên viên giúp việc) prepare the appraisals of the members they help and never
 * decide: what they may prepare is exactly what those members may appraise.
 */

export interface Substitution {
  unitCode: string;
  fieldCode: string;
}

/** One council member's part in a year. */
export interface CouncilDuty {
  /** Fields assigned for every unit. */
  fields: string[];
  /** Units the member belongs to (own unit on the account and those named for the year). */
  conflictUnits: string[];
  /** Unit and field pairs the member appraises as a named substitute. */
  substituteFor: Substitution[];
}

const byNumber = (a: string, b: string) => Number(a) - Number(b) || a.localeCompare(b);

/** The fields of `unitCode` this member appraises (sorted). */
export function fieldsToAppraise(duty: CouncilDuty, unitCode: string): string[] {
  const own = duty.conflictUnits.includes(unitCode) ? [] : duty.fields;
  const substitute = duty.substituteFor.filter((s) => s.unitCode === unitCode).map((s) => s.fieldCode);
  return [...new Set([...own, ...substitute])].sort(byNumber);
}

/** Every field the member appraises for some unit: the inbox's columns. */
export function fieldsOfDuty(duty: CouncilDuty): string[] {
  return [...new Set([...duty.fields, ...duty.substituteFor.map((s) => s.fieldCode)])].sort(byNumber);
}

/** The members who appraise one unit's field, from everyone's duties (notices go to them). */
export function appraisersOf(duties: ReadonlyMap<string, CouncilDuty>, unitCode: string, fieldCode: string): string[] {
  return [...duties].filter(([, duty]) => fieldsToAppraise(duty, unitCode).includes(fieldCode)).map(([member]) => member);
}

/** What an assistant may prepare for one unit: the union of what the members they help appraise. */
export function fieldsToPrepare(helped: readonly CouncilDuty[], unitCode: string): string[] {
  return [...new Set(helped.flatMap((duty) => fieldsToAppraise(duty, unitCode)))].sort(byNumber);
}

/** Why a member may not be named substitute for a unit: they belong to it. */
export function substituteProblem(duty: CouncilDuty, unitCode: string, member: string): string | null {
  return duty.conflictUnits.includes(unitCode) ? `Thành viên ${member} thuộc đơn vị ${unitCode} (xung đột lợi ích); không thể thẩm định thay cho đơn vị này.` : null;
}

export interface AppraisalRefusal {
  /** CONFLICT_OF_INTEREST: the member belongs to the unit; FORBIDDEN: the field is not theirs. */
  code: 'CONFLICT_OF_INTEREST' | 'FORBIDDEN';
  message: string;
}

/** Why a member is refused a unit's field, in Vietnamese, or null where they may appraise it. */
export function appraisalRefusal(duty: CouncilDuty, unitCode: string, fieldCode: string, year: number): AppraisalRefusal | null {
  if (fieldsToAppraise(duty, unitCode).includes(fieldCode)) return null;
  if (duty.fields.includes(fieldCode) && duty.conflictUnits.includes(unitCode)) {
    return {
      code: 'CONFLICT_OF_INTEREST',
      message: `Bạn thuộc đơn vị ${unitCode} nên không thẩm định đơn vị này (xung đột lợi ích); lĩnh vực ${fieldCode} của đơn vị do thành viên thay thế Sở Nội vụ chỉ định thẩm định.`,
    };
  }
  return { code: 'FORBIDDEN', message: `Lĩnh vực ${fieldCode} không được phân công cho bạn trong năm ${year}.` };
}
