import { z } from 'zod';
import { isSelfScoringOpen, PHASE_LABELS, PHASES, type Phase } from '../../domain/phases';
import { ROLES } from '../../domain/roles';
import { evaluateEntry, type ScoreEntry } from '../../domain/scoring/entry';
import { SCORE_SHEET_COLUMNS } from '../../domain/results/score-sheet';
import { appendAudit } from '../../lib/audit';
import { draftSaves } from '../../lib/metrics';
import { Prisma } from '../../lib/db/prisma';
import { unitResults } from '../../services/results/read';
import type { ApiDeps } from '../deps';
import { ApiRouter } from '../openapi/registry';
import { conflict, HttpProblem, notFound } from '../problem';
import { assessmentFor } from '../access';
import { actorOf } from '../actor';
import { inTransaction } from '../../lib/db/transaction';
import { dec, entrySchema, entryView, leafEtag, matchesNoneMatch, sentNotModified, sheetEtag } from '../assessment-view';
import { fieldsOf, leafOf, loadSet } from '../../services/criteria';
import { codeParam, fieldCodeParam, hundredths, leafCodeParam, points, prose, yearParam } from '../validate';

const unitParams = z.strictObject({ year: yearParam, unitCode: codeParam });
const leafParams = z.strictObject({ year: yearParam, unitCode: codeParam, leafCode: leafCodeParam });
const fieldParams = z.strictObject({ year: yearParam, unitCode: codeParam, fieldCode: fieldCodeParam });

/** What a person enters for a leaf, in decimals; converted to the domain's hundredths. */
const entryBody = z
  .strictObject({
    points: points.optional().meta({ description: 'Điểm (tiêu chí theo mức, đạt/không đạt, thưởng/trừ…)' }),
    ratio: hundredths('Tỷ lệ', 100000).optional().meta({ description: 'Tỷ lệ (%) cho tiêu chí theo tỷ lệ' }),
    numerator: hundredths('Tử số', 1_000_000_000).optional(),
    denominator: hundredths('Mẫu số', 1_000_000_000).optional(),
    achieved: z.boolean({ error: 'Chỉ nhận true (đạt) hoặc false (không đạt)' }).optional(),
    occurrences: z.number({ error: 'Số lần phải là số' }).int('Số lần phải là số nguyên').min(0, 'Số lần không âm').max(10000, 'Số lần quá lớn').optional(),
  })
  .refine((e) => Object.values(e).some((v) => v !== undefined), 'Cần ít nhất một giá trị');

const draftBody = z
  .strictObject({
    entry: entryBody.nullable().optional().meta({ description: 'Số liệu tự chấm theo loại tiêu chí; null để xóa' }),
    selfScore: points.nullable().optional().meta({ description: 'Viết tắt của entry: { points }; null để xóa' }),
    note: prose(4000).nullable().optional().meta({ description: 'Giải thích cách chấm, ghi chú' }),
    notApplicable: z.boolean({ error: 'Chỉ nhận true hoặc false' }).optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'Cần ít nhất một trường để lưu')
  .refine((b) => b.entry === undefined || b.selfScore === undefined, { message: 'Gửi entry hoặc selfScore, không gửi cả hai', path: ['selfScore'] });

const leafSchema = z.object({
  leafCode: z.string(),
  notApplicable: z.boolean(),
  selfScore: z.number().nullable(),
  entry: entrySchema.nullable(),
  note: z.string().nullable(),
  appraisedScore: z.number().nullable(),
  appraisalAction: z.string().nullable(),
  appraisalReason: z.string().nullable(),
  appraisedBy: z.string().nullable(),
  explanation: z.string().nullable(),
  explanationResult: z.string().nullable(),
  finalScore: z.number().nullable(),
  finalReason: z.string().nullable(),
  surveyScore: z.number().nullable(),
  version: z.number().int(),
  updatedBy: z.string().nullable(),
  updatedAt: z.iso.datetime(),
  evidenceCount: z.number().int(),
});

const assessmentSchema = z.object({
  year: z.number().int(),
  unitCode: z.string(),
  unitName: z.string(),
  groupCode: z.string(),
  phase: z.enum(PHASES),
  phaseLabel: z.string(),
  phaseDeadline: z.iso.datetime().nullable(),
  selfDeadline: z.iso.datetime(),
  submittedAt: z.iso.datetime().nullable(),
  submittedBy: z.string().nullable(),
  lockedAt: z.iso.datetime().nullable(),
  late: z.boolean(),
  excluded: z.boolean(),
  exclusionReason: z.string().nullable(),
  editable: z.boolean().meta({ description: 'Đơn vị còn sửa được điểm tự chấm và minh chứng' }),
  leaves: z.array(leafSchema),
});

const draftResult = z.object({
  leafCode: z.string(),
  selfScore: z.number().nullable(),
  entry: entrySchema.nullable(),
  ratio: z.number().nullable().meta({ description: 'Tỷ lệ (%) tính từ số liệu, nếu có' }),
  note: z.string().nullable(),
  notApplicable: z.boolean(),
  version: z.number().int(),
});

const nullableDec = z.number().nullable();
const sheetRowSchema = z.object({
  type: z.string(),
  depth: z.number().int(),
  leaf: z.boolean(),
  kind: z.string().optional(),
  status: z.string().optional(),
  code: z.string(),
  title: z.string(),
  max: nullableDec,
  declaredMax: z.number(),
  survey: nullableDec,
  self: nullableDec,
  appraised: nullableDec,
  achieved: nullableDec,
  index: nullableDec.meta({ description: 'Chỉ số (%)' }),
  notApplicable: z.boolean(),
  note: z.string(),
});
const sheetSchema = z.object({
  year: z.number().int(),
  unitCode: z.string(),
  unitName: z.string(),
  groupCode: z.string(),
  setTitle: z.string(),
  sample: z.boolean(),
  phase: z.enum(PHASES),
  columns: z.array(z.object({ key: z.string(), label: z.string() })),
  rows: z.array(sheetRowSchema),
  points: z.number(),
  max: z.number(),
  index: nullableDec,
  counts: z
    .object({
      leaves: z.number().int(),
      notApplicable: z.number().int(),
      scorable: z.number().int().meta({ description: 'Tiêu chí đơn vị tự chấm (kể cả điểm thưởng/điểm trừ), trừ không áp dụng' }),
      scored: z.number().int().meta({ description: 'Trong đó: đã tự chấm' }),
      unscored: z.number().int(),
      surveyed: z.number().int().meta({ description: 'Tiêu chí điều tra, khảo sát đã có điểm' }),
      noData: z.number().int().meta({ description: 'Tiêu chí điều tra, khảo sát chưa có kết quả' }),
      appraised: z.number().int().meta({ description: 'Đã thẩm định vòng 1' }),
      flagged: z.number().int().meta({ description: 'Yêu cầu giải trình' }),
      explained: z.number().int().meta({ description: 'Đã giải trình' }),
      decided: z.number().int().meta({ description: 'Đã quyết định ở vòng 2' }),
    })
    .meta({ description: 'Số tiêu chí theo tình trạng, như bảng theo dõi và đầu hồ sơ hiển thị' }),
});

const readers = ROLES;
const unitWriters = ['unit_officer', 'unit_head'] as const;
const etagHeader = { ETag: 'Phiên bản; gửi lại trong If-Match khi lưu' };

/** Refuses a write unless the assessment is still open for the unit's own edits; holds the row until commit. */
async function lockOpen(tx: Prisma.TransactionClient, assessmentId: string, exclusive = false): Promise<void> {
  // The lock at submit waits for this save, or wins and this save is refused. Exclusive where the
  // whole sheet is compared (If-Match on the sheet), so two such writes run one after the other.
  const [row] = exclusive
    ? await tx.$queryRaw<{ locked_at: Date | null; phase: string }[]>`SELECT locked_at, phase FROM assessments WHERE id = ${assessmentId}::uuid FOR UPDATE`
    : await tx.$queryRaw<{ locked_at: Date | null; phase: string }[]>`SELECT locked_at, phase FROM assessments WHERE id = ${assessmentId}::uuid FOR SHARE`;
  if (!row || !isSelfScoringOpen(row.phase, row.locked_at !== null)) {
    throw conflict('Hồ sơ tự đánh giá đã được nộp hoặc đã khóa; không thể sửa điểm tự chấm.', 'ASSESSMENT_LOCKED');
  }
}

const preconditionFailed = (what: string) =>
  new HttpProblem(412, 'Dữ liệu đã bị thay đổi', `${what} vừa được người khác cập nhật; hãy tải lại trước khi lưu.`, { code: 'PRECONDITION_FAILED' });

/** A unit's assessment: its sheet, and its own drafts leaf by leaf (straight to PostgreSQL). */
export function assessmentRoutes({ db }: ApiDeps): ApiRouter {
  const r = new ApiRouter('Hồ sơ đánh giá');

  r.route(
    {
      method: 'get',
      path: '/years/:year/units/:unitCode/assessment',
      summary: 'Hồ sơ đánh giá của đơn vị: giai đoạn và số liệu từng tiêu chí',
      description: 'Trả ETag của cả hồ sơ; gửi If-None-Match để nhận 304 khi không có gì thay đổi.',
      access: { roles: readers, scope: ['unit'] },
      params: unitParams,
      requestHeaders: [{ name: 'If-None-Match', description: 'ETag của lần đọc trước' }],
      responses: { 200: { description: 'Hồ sơ', schema: assessmentSchema, headers: { ETag: 'Phiên bản của cả hồ sơ' } }, 304: { description: 'Không thay đổi' } },
    },
    async ({ params: { year, unitCode }, principal, req, res }) => {
      const a = await assessmentFor(db, principal, year, unitCode);
      if (sentNotModified(req, res, await sheetEtag(db, a.id))) return;
      const [leaves, evidence] = await Promise.all([
        db.leafScore.findMany({ where: { assessmentId: a.id }, orderBy: { leafCode: 'asc' } }),
        db.evidenceFile.groupBy({ by: ['leafCode'], where: { assessmentId: a.id }, _count: { _all: true } }),
      ]);
      const evidenceCount = new Map(evidence.map((e) => [e.leafCode, e._count._all]));
      return {
        year,
        unitCode,
        unitName: a.unit.name,
        groupCode: a.group.code,
        phase: a.phase as Phase,
        phaseLabel: PHASE_LABELS[a.phase as Phase] ?? a.phase,
        phaseDeadline: a.phaseDeadline?.toISOString() ?? null,
        selfDeadline: a.selfDeadline.toISOString(),
        submittedAt: a.submittedAt?.toISOString() ?? null,
        submittedBy: a.submittedBy,
        lockedAt: a.lockedAt?.toISOString() ?? null,
        late: a.late,
        excluded: a.excluded,
        exclusionReason: a.exclusionReason,
        editable: isSelfScoringOpen(a.phase, a.lockedAt !== null),
        leaves: leaves.map((l) => ({
          leafCode: l.leafCode,
          notApplicable: l.notApplicable,
          selfScore: dec(l.selfScore),
          entry: entryView(l.selfInput),
          note: l.selfNote,
          appraisedScore: dec(l.appraisedScore),
          appraisalAction: l.appraisalAction,
          appraisalReason: l.appraisalReason,
          appraisedBy: l.appraisedBy,
          explanation: l.explanation,
          explanationResult: l.explanationResult,
          finalScore: dec(l.finalScore),
          finalReason: l.finalReason,
          surveyScore: dec(l.surveyScore),
          version: l.version,
          updatedBy: l.updatedBy,
          updatedAt: l.updatedAt.toISOString(),
          evidenceCount: evidenceCount.get(l.leafCode) ?? 0,
        })),
      };
    },
  );

  r.route(
    {
      method: 'get',
      path: '/years/:year/units/:unitCode/score-sheet',
      summary: 'Bảng điểm của đơn vị (STT | Tiêu chí | Tối đa | Điều tra | Tự chấm | Thẩm định | Đạt | Chỉ số | Ghi chú)',
      access: { roles: readers, scope: ['unit'] },
      params: unitParams,
      requestHeaders: [{ name: 'If-None-Match', description: 'ETag của lần đọc trước' }],
      responses: { 200: { description: 'Bảng điểm', schema: sheetSchema, headers: { ETag: 'Phiên bản của cả hồ sơ' } }, 304: { description: 'Không thay đổi' } },
    },
    async ({ params: { year, unitCode }, principal, req, res }) => {
      const a = await assessmentFor(db, principal, year, unitCode);
      if (sentNotModified(req, res, await sheetEtag(db, a.id))) return;
      const { sheet, counts } = (await unitResults(db, a.id)).results;
      return {
        year,
        unitCode,
        unitName: a.unit.name,
        groupCode: sheet.groupCode,
        setTitle: sheet.setTitle,
        sample: sheet.sample,
        phase: a.phase as Phase,
        columns: SCORE_SHEET_COLUMNS.map((c) => ({ key: c.key, label: c.label })),
        rows: sheet.rows.map((row) => ({
          type: row.type,
          depth: row.depth,
          leaf: row.leaf,
          ...(row.kind ? { kind: row.kind } : {}),
          ...(row.status ? { status: row.status } : {}),
          code: row.code,
          title: row.title,
          max: dec(row.max),
          declaredMax: row.declaredMax / 100,
          survey: dec(row.survey),
          self: dec(row.self),
          appraised: dec(row.appraised),
          achieved: dec(row.achieved),
          index: dec(row.index),
          notApplicable: row.notApplicable,
          note: row.note,
        })),
        points: sheet.points / 100,
        max: sheet.max / 100,
        index: dec(sheet.index),
        counts: { ...counts },
      };
    },
  );

  r.route(
    {
      method: 'put',
      path: '/years/:year/units/:unitCode/leaves/:leafCode',
      summary: 'Lưu nháp tự chấm một tiêu chí: số liệu, điểm, ghi chú, không áp dụng',
      description:
        'Số liệu được chấm theo đúng quy tắc của tiêu chí (theo mức, theo tỷ lệ, công thức, đạt/không đạt, thưởng/trừ); ' +
        'giá trị không đúng quy tắc bị từ chối (422) kèm các mức được phép (`allowed`) hoặc điểm đúng (`expected`). ' +
        'Gửi If-Match với ETag đã đọc để không ghi đè thay đổi của người khác (412).',
      access: { roles: unitWriters, scope: ['unit'] },
      params: leafParams,
      body: draftBody,
      requestHeaders: [{ name: 'If-Match', description: 'ETag của tiêu chí (ví dụ "v3") hoặc *' }],
      responses: { 200: { description: 'Đã lưu', schema: draftResult, headers: etagHeader } },
    },
    async ({ params: { year, unitCode, leafCode }, body, principal, req, res }) => {
      const a = await assessmentFor(db, principal, year, unitCode);
      const set = await loadSet(db, a.criteriaSet);
      const leaf = leafOf(set, leafCode);
      if (!leaf) throw notFound(`Không có tiêu chí ${leafCode} trong bộ tiêu chí của đơn vị.`);

      // The entry (or its shorthand) is checked against the leaf's own rule before anything is written.
      const entry: ScoreEntry | null | undefined = body.selfScore !== undefined ? (body.selfScore === null ? null : { points: body.selfScore }) : body.entry;
      let outcome: { points: number | null; ratio: number | null } | undefined;
      if (entry) {
        const result = evaluateEntry(leaf, entry);
        if (!result.ok) {
          const { refusal } = result;
          throw new HttpProblem(422, 'Số liệu không đúng quy tắc chấm của tiêu chí', refusal.message, {
            code: refusal.code,
            errors: [{ field: body.selfScore !== undefined ? 'body.selfScore' : 'body.entry', message: refusal.message }],
            ...(refusal.allowed ? { allowed: refusal.allowed.map((p) => p / 100) } : {}),
            ...(refusal.expected !== undefined ? { expected: refusal.expected / 100 } : {}),
          });
        }
        outcome = { points: result.notApplicable ? null : result.points, ratio: result.ratio };
      }
      const ifMatch = req.header('If-Match');

      const saved = await inTransaction(db, 
        async (tx) => {
          await lockOpen(tx, a.id);
          const where = { assessmentId_leafCode: { assessmentId: a.id, leafCode } };
          const before = await tx.leafScore.findUnique({ where });
          if (ifMatch && ifMatch.trim() !== '*' && ifMatch.trim() !== leafEtag(before?.version ?? 0)) throw preconditionFailed(`Tiêu chí ${leafCode}`);
          const data = {
            ...(entry !== undefined
              ? { selfInput: entry === null ? Prisma.DbNull : (entry as unknown as Prisma.InputJsonValue), selfScore: entry === null ? null : outcome!.points }
              : {}),
            ...(body.note !== undefined ? { selfNote: body.note } : {}),
            ...(body.notApplicable !== undefined ? { notApplicable: body.notApplicable } : {}),
            updatedBy: principal.username,
          };
          const after = before
            ? await tx.leafScore.update({ where, data: { ...data, version: { increment: 1 } } })
            : await tx.leafScore.create({ data: { assessmentId: a.id, leafCode, ...data } });
          await appendAudit(tx, {
            at: new Date(),
            ...actorOf(principal),
            year,
            assessmentId: a.id,
            action: 'self.draft',
            target: leafCode,
            before: before ? { selfScore: before.selfScore, entry: before.selfInput, note: before.selfNote, notApplicable: before.notApplicable } : null,
            after: { selfScore: after.selfScore, entry: after.selfInput, note: after.selfNote, notApplicable: after.notApplicable },
          });
          return after;
        },
        { isolationLevel: Prisma.TransactionIsolationLevel.ReadCommitted },
      );

      draftSaves.inc({ kind: 'leaf' });
      res.setHeader('ETag', leafEtag(saved.version));
      return {
        leafCode,
        selfScore: dec(saved.selfScore),
        entry: entryView(saved.selfInput),
        ratio: outcome ? dec(outcome.ratio) : null,
        note: saved.selfNote,
        notApplicable: saved.notApplicable,
        version: saved.version,
      };
    },
  );

  r.route(
    {
      method: 'put',
      path: '/years/:year/units/:unitCode/fields/:fieldCode/not-applicable',
      summary: 'Đánh dấu cả một lĩnh vực không áp dụng (hoặc bỏ đánh dấu) cho đơn vị',
      description: 'Đặt cờ cho mọi tiêu chí trong lĩnh vực. Gửi If-Match với ETag của cả hồ sơ (đọc từ GET hồ sơ) để không ghi đè thay đổi của người khác.',
      access: { roles: unitWriters, scope: ['unit'] },
      params: fieldParams,
      body: z.strictObject({ notApplicable: z.boolean({ error: 'Chỉ nhận true hoặc false' }), note: prose(4000).optional() }),
      requestHeaders: [{ name: 'If-Match', description: 'ETag của cả hồ sơ hoặc *' }],
      responses: { 200: { description: 'Đã lưu', schema: z.object({ fieldCode: z.string(), notApplicable: z.boolean(), leaves: z.array(z.string()) }), headers: { ETag: 'Phiên bản mới của cả hồ sơ' } } },
    },
    async ({ params: { year, unitCode, fieldCode }, body, principal, req, res }) => {
      const a = await assessmentFor(db, principal, year, unitCode);
      const field = fieldsOf((await loadSet(db, a.criteriaSet))).find((f) => f.code === fieldCode);
      if (!field) throw notFound(`Không có lĩnh vực ${fieldCode} trong bộ tiêu chí của đơn vị.`);
      const ifMatch = req.header('If-Match');
      await inTransaction(db, async (tx) => {
        const compare = Boolean(ifMatch && ifMatch.trim() !== '*');
        await lockOpen(tx, a.id, compare);
        // Compared under the lock, so the comparison and the write see the same sheet.
        if (compare && !matchesNoneMatch(ifMatch, await sheetEtag(tx, a.id))) throw preconditionFailed('Hồ sơ');
        for (const leafCode of field.leaves) {
          const where = { assessmentId_leafCode: { assessmentId: a.id, leafCode } };
          const data = { notApplicable: body.notApplicable, updatedBy: principal.username, ...(body.note !== undefined ? { selfNote: body.note } : {}) };
          await tx.leafScore.upsert({ where, create: { assessmentId: a.id, leafCode, ...data }, update: { ...data, version: { increment: 1 } } });
        }
        await appendAudit(tx, {
          at: new Date(),
          ...actorOf(principal),
          year,
          assessmentId: a.id,
          action: body.notApplicable ? 'self.field-not-applicable' : 'self.field-applicable',
          target: fieldCode,
          after: { notApplicable: body.notApplicable, leaves: field.leaves },
          reason: body.note ?? null,
        });
      });
      draftSaves.inc({ kind: 'field' });
      res.setHeader('ETag', await sheetEtag(db, a.id));
      return { fieldCode, notApplicable: body.notApplicable, leaves: field.leaves };
    },
  );

  return r;
}
