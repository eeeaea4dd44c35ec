import { z } from 'zod';
import { appendAudit } from '../../lib/audit';
import type { ApiDeps } from '../deps';
import { ApiRouter } from '../openapi/registry';
import { notFound, unprocessable } from '../problem';
import { actorOf } from '../actor';
import { inTransaction } from '../../lib/db/transaction';
import { fieldsOf, storedSet } from '../../services/criteria';
import { fieldCodeParam, usernameParam, yearParam } from '../validate';

const assignmentSchema = z.object({ username: z.string(), fullName: z.string(), active: z.boolean(), fields: z.array(z.string()) });

/** Which council member appraises which fields in a year (for every unit), set by Sở Nội vụ. */
export function fieldAssignmentRoutes({ db }: ApiDeps): ApiRouter {
  const r = new ApiRouter('Phân công thẩm định');

  const yearRow = async (year: number) => {
    const row = await db.year.findUnique({ where: { year }, include: { criteriaSets: true } });
    if (!row) throw notFound(`Chưa có năm đánh giá ${year}.`);
    return row;
  };

  r.route(
    {
      method: 'get',
      path: '/years/:year/field-assignments',
      summary: 'Phân công lĩnh vực thẩm định của năm',
      access: { roles: ['secretariat', 'chair', 'viewer', 'council_member'] },
      params: z.strictObject({ year: yearParam }),
      responses: { 200: { description: 'Thành viên hội đồng và lĩnh vực được giao', schema: z.object({ year: z.number().int(), items: z.array(assignmentSchema) }) } },
    },
    async ({ params: { year } }) => {
      await yearRow(year);
      const rows = await db.fieldAssignment.findMany({ where: { year }, include: { user: true }, orderBy: [{ user: { username: 'asc' } }, { fieldCode: 'asc' }] });
      const byUser = new Map<string, z.infer<typeof assignmentSchema>>();
      for (const row of rows) {
        const entry = byUser.get(row.userId) ?? { username: row.user.username, fullName: row.user.fullName, active: row.user.active, fields: [] };
        entry.fields.push(row.fieldCode);
        byUser.set(row.userId, entry);
      }
      for (const entry of byUser.values()) entry.fields.sort((a, b) => Number(a) - Number(b));
      return { year, items: [...byUser.values()] };
    },
  );

  r.route(
    {
      method: 'put',
      path: '/years/:year/field-assignments/:username',
      summary: 'Giao (thay) các lĩnh vực một thành viên hội đồng thẩm định trong năm',
      description: 'Danh sách rỗng là bỏ phân công. Lĩnh vực phải có trong bộ tiêu chí của năm.',
      access: { roles: ['secretariat'] },
      params: z.strictObject({ year: yearParam, username: usernameParam }),
      body: z.strictObject({ fields: z.array(fieldCodeParam).max(30, 'Tối đa 30 lĩnh vực') }),
      responses: { 200: { description: 'Phân công sau khi thay', schema: assignmentSchema } },
    },
    async ({ params: { year, username }, body, principal }) => {
      const y = await yearRow(year);
      const user = await db.user.findUnique({ where: { username } });
      if (!user) throw notFound(`Không có tài khoản ${username}.`);
      if (user.role !== 'council_member') {
        throw unprocessable(`Tài khoản ${username} không phải thành viên Hội đồng thẩm định.`, [{ field: 'path.username', message: 'Không phải thành viên hội đồng' }], 'NOT_COUNCIL_MEMBER');
      }
      const known = new Set(y.criteriaSets.flatMap((s) => fieldsOf(storedSet(s)).map((f) => f.code)));
      const fields = [...new Set(body.fields)].sort((a, b) => Number(a) - Number(b));
      const unknown = fields.filter((f) => !known.has(f));
      if (unknown.length) {
        throw unprocessable(
          known.size ? `Lĩnh vực ${unknown.join(', ')} không có trong bộ tiêu chí năm ${year}.` : `Năm ${year} chưa có bộ tiêu chí nào; nhập bộ tiêu chí trước khi phân công.`,
          unknown.map((f) => ({ field: 'body.fields', message: `Không có lĩnh vực ${f}` })),
          'UNKNOWN_FIELD',
        );
      }
      await inTransaction(db, async (tx) => {
        const old = await tx.fieldAssignment.findMany({ where: { year, userId: user.id }, select: { fieldCode: true } });
        await tx.fieldAssignment.deleteMany({ where: { year, userId: user.id } });
        if (fields.length) await tx.fieldAssignment.createMany({ data: fields.map((fieldCode) => ({ year, fieldCode, userId: user.id })) });
        const before = old.map((o) => o.fieldCode).sort((a, b) => Number(a) - Number(b));
        await appendAudit(tx, { at: new Date(), ...actorOf(principal), year, action: 'council.assign-fields', target: username, before: { fields: before }, after: { fields } });
      });
      return { username, fullName: user.fullName, active: user.active, fields };
    },
  );

  return r;
}
