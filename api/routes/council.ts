import { z } from 'zod';
import { substituteProblem } from '../../domain/council';
import { appendAudit } from '../../lib/audit';
import type { Db, Prisma } from '../../lib/db/prisma';
import { inTransaction } from '../../lib/db/transaction';
import { councilDuty } from '../../services/council';
import { fieldsOf, storedSet } from '../../services/criteria';
import { actorOf } from '../actor';
import type { ApiDeps } from '../deps';
import { ApiRouter } from '../openapi/registry';
import { conflict, notFound, unprocessable } from '../problem';
import { codeParam, fieldCodeParam, prose, usernameParam, yearParam } from '../validate';

const conflictSchema = z.object({ unitCode: z.string(), reason: z.string().nullable() });
const substituteSchema = z.object({ unitCode: z.string(), fieldCode: z.string(), username: z.string(), reason: z.string().nullable() });
const memberSchema = z.object({
  username: z.string(),
  fullName: z.string(),
  active: z.boolean(),
  unitCode: z.string().nullable().meta({ description: 'Đơn vị công tác ghi trên tài khoản (không thẩm định đơn vị này)' }),
  fields: z.array(z.string()),
  conflicts: z.array(conflictSchema).meta({ description: 'Đơn vị Sở Nội vụ xác định thành viên có xung đột lợi ích trong năm' }),
  conflictUnits: z.array(z.string()).meta({ description: 'Mọi đơn vị thành viên không thẩm định: đơn vị công tác và các đơn vị trên' }),
  substituteFor: z.array(substituteSchema.omit({ username: true })).meta({ description: 'Đơn vị và lĩnh vực thành viên thẩm định thay' }),
});
const councilSchema = z.object({ year: z.number().int(), members: z.array(memberSchema), substitutes: z.array(substituteSchema) });

const yearParams = z.strictObject({ year: yearParam });
const memberParams = yearParams.extend({ username: usernameParam });
const substituteParams = yearParams.extend({ unitCode: codeParam, fieldCode: fieldCodeParam });
const reason = prose(1000).optional().meta({ description: 'Lý do (ví dụ: Giám đốc Sở Nội vụ là thành viên Hội đồng)' });

type Tx = Prisma.TransactionClient;

/** The year, locked for the change: the council's make-up is fixed once the chair has approved the results. */
async function openYear(tx: Tx, year: number): Promise<void> {
  const [row] = await tx.$queryRaw<{ status: string }[]>`SELECT status FROM years WHERE year = ${year} FOR UPDATE`;
  if (!row) throw notFound(`Chưa có năm đánh giá ${year}.`);
  if (row.status === 'approved' || row.status === 'published') throw conflict(`Kết quả năm ${year} đã được phê duyệt; không thay đổi người thẩm định được nữa.`, 'YEAR_CLOSED');
}

async function councilMember(db: Db | Tx, username: string, field = 'path.username') {
  const user = await db.user.findUnique({ where: { username } });
  if (!user) throw notFound(`Không có tài khoản ${username}.`);
  if (user.role !== 'council_member') throw unprocessable(`Tài khoản ${username} không phải thành viên Hội đồng thẩm định.`, [{ field, message: 'Không phải thành viên hội đồng' }], 'NOT_COUNCIL_MEMBER');
  if (!user.active) throw unprocessable(`Tài khoản ${username} đã bị vô hiệu hóa.`, [{ field, message: 'Tài khoản không hoạt động' }], 'USER_INACTIVE');
  return user;
}

/**
 * Conflicts of interest on the appraisal council: the units a member belongs to for a year (besides
 * the own unit on their account) and, for a unit and field, the substitute member who appraises it in
 * place of one who belongs to the unit. Sở Nội vụ sets both; the rules are domain/council.ts.
 */
export function councilRoutes({ db }: ApiDeps): ApiRouter {
  const r = new ApiRouter('Hội đồng thẩm định');
  const secretariat = { roles: ['secretariat'] as const };

  r.route(
    {
      method: 'get',
      path: '/years/:year/council',
      summary: 'Hội đồng thẩm định của năm: lĩnh vực, đơn vị công tác, xung đột lợi ích, thành viên thay thế',
      access: { roles: ['secretariat', 'chair', 'viewer', 'council_member'] },
      params: yearParams,
      responses: { 200: { description: 'Thành viên và phân công', schema: councilSchema } },
    },
    async ({ params: { year } }) => {
      if (!(await db.year.findUnique({ where: { year }, select: { year: true } }))) throw notFound(`Chưa có năm đánh giá ${year}.`);
      const [members, substitutes] = await Promise.all([
        db.user.findMany({
          where: { role: 'council_member' },
          select: {
            username: true,
            fullName: true,
            active: true,
            unit: { select: { code: true } },
            fieldAssignments: { where: { year }, select: { fieldCode: true } },
            conflicts: { where: { year }, select: { reason: true, unit: { select: { code: true } } }, orderBy: { unit: { code: 'asc' } } },
          },
          orderBy: { username: 'asc' },
        }),
        db.fieldSubstitute.findMany({ where: { year }, select: { fieldCode: true, reason: true, unit: { select: { code: true } }, user: { select: { username: true } } }, orderBy: [{ unit: { code: 'asc' } }, { fieldCode: 'asc' }] }),
      ]);
      const subs = substitutes.map((s) => ({ unitCode: s.unit.code, fieldCode: s.fieldCode, username: s.user.username, reason: s.reason }));
      return {
        year,
        members: members.map((m) => ({
          username: m.username,
          fullName: m.fullName,
          active: m.active,
          unitCode: m.unit?.code ?? null,
          fields: m.fieldAssignments.map((f) => f.fieldCode).sort((a, b) => Number(a) - Number(b)),
          conflicts: m.conflicts.map((c) => ({ unitCode: c.unit.code, reason: c.reason })),
          conflictUnits: [...new Set([...(m.unit ? [m.unit.code] : []), ...m.conflicts.map((c) => c.unit.code)])],
          substituteFor: subs.filter((s) => s.username === m.username).map(({ unitCode, fieldCode, reason: why }) => ({ unitCode, fieldCode, reason: why })),
        })),
        substitutes: subs,
      };
    },
  );

  r.route(
    {
      method: 'put',
      path: '/years/:year/council/:username/conflicts',
      summary: 'Xác định (thay) các đơn vị thành viên Hội đồng có xung đột lợi ích trong năm',
      description:
        'Thành viên không thẩm định đơn vị mình công tác: đơn vị trên tài khoản và các đơn vị nêu ở đây. Danh sách rỗng là bỏ hết. ' +
        'Đơn vị mà thành viên đang được chỉ định thẩm định thay: 409 CONFLICT_OF_INTEREST (bỏ chỉ định trước).',
      access: secretariat,
      params: memberParams,
      body: z.strictObject({ units: z.array(z.strictObject({ unitCode: codeParam, reason })).max(200, 'Tối đa 200 đơn vị') }),
      responses: { 200: { description: 'Các đơn vị sau khi thay', schema: z.object({ username: z.string(), units: z.array(conflictSchema) }) } },
    },
    async ({ params: { year, username }, body, principal }) => {
      const codes = [...new Set(body.units.map((u) => u.unitCode))].sort();
      const units = await db.unit.findMany({ where: { code: { in: codes } }, select: { id: true, code: true } });
      const unknown = codes.filter((c) => !units.some((u) => u.code === c));
      if (unknown.length) throw unprocessable(`Không có đơn vị ${unknown.join(', ')}.`, unknown.map((c) => ({ field: 'body.units', message: `Không có đơn vị ${c}` })), 'UNKNOWN_UNIT');
      const reasons = new Map(body.units.map((u) => [u.unitCode, u.reason?.trim() || null]));
      return inTransaction(db, async (tx) => {
        await openYear(tx, year);
        const user = await councilMember(tx, username);
        const clash = await tx.fieldSubstitute.findMany({ where: { year, userId: user.id, unit: { code: { in: codes } } }, select: { fieldCode: true, unit: { select: { code: true } } } });
        if (clash.length) {
          const list = clash.map((c) => `${c.unit.code} (lĩnh vực ${c.fieldCode})`).join(', ');
          throw conflict(`Thành viên ${username} đang được chỉ định thẩm định thay cho ${list}; bỏ chỉ định đó trước khi xác định xung đột lợi ích.`, 'CONFLICT_OF_INTEREST');
        }
        const old = await tx.councilConflict.findMany({ where: { year, userId: user.id }, select: { reason: true, unit: { select: { code: true } } } });
        await tx.councilConflict.deleteMany({ where: { year, userId: user.id } });
        if (units.length) {
          await tx.councilConflict.createMany({ data: units.map((u) => ({ year, userId: user.id, unitId: u.id, reason: reasons.get(u.code) ?? null, createdBy: principal.username })) });
        }
        const after = codes.map((unitCode) => ({ unitCode, reason: reasons.get(unitCode) ?? null }));
        const before = old.map((o) => ({ unitCode: o.unit.code, reason: o.reason })).sort((a, b) => a.unitCode.localeCompare(b.unitCode));
        await appendAudit(tx, { at: new Date(), ...actorOf(principal), year, action: 'council.conflicts', target: username, before: { units: before }, after: { units: after } });
        return { username, units: after };
      });
    },
  );

  /** The unit, its assessment for the year (if started) and the fields of its group's criteria set. */
  const unitOfYear = async (tx: Tx, year: number, unitCode: string) => {
    const unit = await tx.unit.findUnique({ where: { code: unitCode } });
    if (!unit) throw notFound(`Không có đơn vị ${unitCode}.`);
    const [set, assessment] = await Promise.all([
      tx.criteriaSet.findFirst({ where: { year, groupId: unit.groupId } }),
      tx.assessment.findFirst({ where: { year, unitId: unit.id }, select: { id: true } }),
    ]);
    return { unit, fields: set ? fieldsOf(storedSet(set)).map((f) => f.code) : [], assessmentId: assessment?.id ?? null };
  };

  r.route(
    {
      method: 'put',
      path: '/years/:year/units/:unitCode/substitutes/:fieldCode',
      summary: 'Chỉ định thành viên Hội đồng thẩm định thay một lĩnh vực của đơn vị (khi thành viên phụ trách thuộc đơn vị đó)',
      description:
        'Thành viên thay thế thẩm định lĩnh vực này của đơn vị, kể cả khi không được phân công lĩnh vực cho các đơn vị khác. ' +
        'Thành viên thuộc chính đơn vị đó: 409 CONFLICT_OF_INTEREST; không phải thành viên Hội đồng: 422 NOT_COUNCIL_MEMBER; lĩnh vực không có trong bộ tiêu chí của đơn vị: 422 UNKNOWN_FIELD.',
      access: secretariat,
      params: substituteParams,
      body: z.strictObject({ username: usernameParam.meta({ description: 'Thành viên thẩm định thay' }), reason }),
      responses: { 200: { description: 'Đã chỉ định', schema: substituteSchema } },
    },
    async ({ params: { year, unitCode, fieldCode }, body, principal }) =>
      inTransaction(db, async (tx) => {
        await openYear(tx, year);
        const { unit, fields, assessmentId } = await unitOfYear(tx, year, unitCode);
        if (!fields.includes(fieldCode)) {
          throw unprocessable(`Lĩnh vực ${fieldCode} không có trong bộ tiêu chí năm ${year} của đơn vị ${unitCode}.`, [{ field: 'path.fieldCode', message: 'Không có lĩnh vực này' }], 'UNKNOWN_FIELD');
        }
        const user = await councilMember(tx, body.username, 'body.username');
        const problem = substituteProblem(await councilDuty(tx, year, user.id), unitCode, body.username);
        if (problem) throw conflict(problem, 'CONFLICT_OF_INTEREST');
        const key = { year_unitId_fieldCode: { year, unitId: unit.id, fieldCode } };
        const old = await tx.fieldSubstitute.findUnique({ where: key, include: { user: { select: { username: true } } } });
        const why = body.reason?.trim() || null;
        await tx.fieldSubstitute.upsert({ where: key, create: { year, unitId: unit.id, fieldCode, userId: user.id, reason: why, createdBy: principal.username }, update: { userId: user.id, reason: why, createdBy: principal.username } });
        await appendAudit(tx, {
          at: new Date(),
          ...actorOf(principal),
          year,
          assessmentId,
          action: 'council.substitute',
          target: `${unitCode}/${fieldCode}`,
          before: old ? { username: old.user.username } : null,
          after: { username: body.username, fieldCode },
          reason: why,
        });
        return { unitCode, fieldCode, username: body.username, reason: why };
      }),
  );

  r.route(
    {
      method: 'delete',
      path: '/years/:year/units/:unitCode/substitutes/:fieldCode',
      summary: 'Bỏ chỉ định thành viên thẩm định thay một lĩnh vực của đơn vị',
      access: secretariat,
      params: substituteParams,
      responses: { 204: { description: 'Đã bỏ chỉ định' } },
    },
    async ({ params: { year, unitCode, fieldCode }, principal }) => {
      await inTransaction(db, async (tx) => {
        await openYear(tx, year);
        const { unit, assessmentId } = await unitOfYear(tx, year, unitCode);
        const key = { year_unitId_fieldCode: { year, unitId: unit.id, fieldCode } };
        const old = await tx.fieldSubstitute.findUnique({ where: key, include: { user: { select: { username: true } } } });
        if (!old) throw notFound(`Lĩnh vực ${fieldCode} của đơn vị ${unitCode} chưa có thành viên thẩm định thay.`);
        await tx.fieldSubstitute.delete({ where: key });
        await appendAudit(tx, { at: new Date(), ...actorOf(principal), year, assessmentId, action: 'council.substitute-removed', target: `${unitCode}/${fieldCode}`, before: { username: old.user.username, fieldCode } });
      });
    },
  );

  return r;
}
