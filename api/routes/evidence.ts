import { z } from 'zod';
import { canRemoveEvidence, evidenceWindow, isAskedToExplain, type EvidenceContext } from '../../domain/evidence-rules';
import { ROLES } from '../../domain/roles';
import { appendAudit } from '../../lib/audit';
import type { Db, Prisma } from '../../lib/db/prisma';
import type { ApiDeps } from '../deps';
import { attachment } from '../http/content-disposition';
import { receiveSingleFile } from '../http/multipart';
import { tooLarge } from '../http/raw-body';
import { ApiRouter } from '../openapi/registry';
import { conflict, HttpProblem, notFound, unprocessable } from '../problem';
import { assessmentFor } from '../access';
import { actorOf } from '../actor';
import { inTransaction } from '../../lib/db/transaction';
import { leafOf, loadSet } from '../../services/criteria';
import { EvidenceStore } from '../../services/evidence/store';
import { ACCEPTED_LABEL, checkFileName, mediaTypeOf } from '../../services/evidence/file-type';
import { codeParam, leafCodeParam, pageOf, pageQuery, paging, pagingSchema, sortQuery, uuidParam, yearParam } from '../validate';

const unitParams = z.strictObject({ year: yearParam, unitCode: codeParam });
const leafParams = unitParams.extend({ leafCode: leafCodeParam });
const fileParams = unitParams.extend({ evidenceId: uuidParam.meta({ example: '00000000-0000-4000-8000-000000000000' }) });

const evidenceSchema = z.object({
  id: z.string(),
  leafCode: z.string(),
  originalName: z.string(),
  size: z.number().int(),
  mediaType: z.string(),
  sha256: z.string().meta({ description: 'SHA-256 của nội dung (hex)' }),
  uploadedBy: z.string(),
  supplementary: z.boolean().meta({ description: 'Tài liệu bổ sung khi giải trình (nộp trong thời hạn giải trình)' }),
  disputeRound: z.number().int().nullable().meta({ description: 'Vòng giải trình của tài liệu bổ sung' }),
  createdAt: z.iso.datetime(),
  downloadUrl: z.string(),
});

type EvidenceRow = {
  id: string;
  leafCode: string;
  originalName: string;
  size: number;
  mediaType: string;
  sha256: string;
  uploadedBy: string;
  supplementary: boolean;
  disputeRound: number | null;
  createdAt: Date;
};

const evidenceLocked = (message: string) => conflict(message, 'EVIDENCE_LOCKED');

/**
 * What decides whether a leaf's evidence may change now, read under the caller's transaction with the
 * assessment row shared-locked, so a phase change (the window closing) waits for the upload or comes first.
 */
async function evidenceContext(tx: Prisma.TransactionClient | Db, assessmentId: string, leafCode: string, lock: boolean): Promise<EvidenceContext> {
  const [row] = lock
    ? await tx.$queryRaw<{ locked_at: Date | null; phase: string; phase_deadline: Date | null }[]>`SELECT locked_at, phase, phase_deadline FROM assessments WHERE id = ${assessmentId}::uuid FOR SHARE`
    : await tx.$queryRaw<{ locked_at: Date | null; phase: string; phase_deadline: Date | null }[]>`SELECT locked_at, phase, phase_deadline FROM assessments WHERE id = ${assessmentId}::uuid`;
  if (!row) throw notFound('Không có hồ sơ đánh giá này.');
  const [score, round] = await Promise.all([
    tx.leafScore.findUnique({ where: { assessmentId_leafCode: { assessmentId, leafCode } }, select: { appraisalAction: true, explanationResult: true } }),
    tx.fieldAppraisal.aggregate({ where: { assessmentId }, _max: { round: true } }),
  ]);
  return {
    phase: row.phase,
    locked: row.locked_at !== null,
    phaseDeadline: row.phase_deadline?.getTime() ?? null,
    askedToExplain: isAskedToExplain(score),
    // Round k's explanation window follows round k's appraisal (rows of round k exist by then).
    disputeRound: row.phase === 'DISPUTE' ? (round._max.round ?? 0) : 0,
    now: Date.now(),
  };
}
/** Multipart framing around the file: boundaries and part headers. */
const MULTIPART_OVERHEAD = 64 * 1024;

/**
 * Evidence documents (tài liệu kiểm chứng) per leaf: uploaded by the unit while its self-assessment
 * is open, immutable once it has submitted, readable by everyone who may read the assessment.
 */
export function evidenceRoutes({ db, config }: ApiDeps): ApiRouter {
  const r = new ApiRouter('Tài liệu kiểm chứng');
  const store = new EvidenceStore(config.evidence.dir);
  const maxBytes = config.evidence.maxBytes;

  const view = (year: number, unitCode: string, e: EvidenceRow) => ({
    id: e.id,
    leafCode: e.leafCode,
    originalName: e.originalName,
    size: e.size,
    mediaType: e.mediaType,
    sha256: e.sha256,
    uploadedBy: e.uploadedBy,
    supplementary: e.supplementary,
    disputeRound: e.disputeRound,
    createdAt: e.createdAt.toISOString(),
    downloadUrl: `/api/v1/years/${year}/units/${unitCode}/evidence/${e.id}`,
  });

  /** Whether a file may be added to the leaf now: as ordinary evidence, or as supplementary evidence. */
  const openFor = async (tx: Prisma.TransactionClient | Db, assessmentId: string, leafCode: string, lock: boolean) => {
    const context = await evidenceContext(tx, assessmentId, leafCode, lock);
    const window = evidenceWindow(context, leafCode);
    if (!window.open) throw evidenceLocked(window.message);
    return { supplementary: window.supplementary, disputeRound: window.supplementary ? context.disputeRound : null };
  };

  r.route(
    {
      method: 'get',
      path: '/years/:year/units/:unitCode/evidence',
      summary: 'Mọi tài liệu kiểm chứng của đơn vị (lọc theo tiêu chí, phân trang)',
      access: { roles: ROLES, scope: ['unit'] },
      params: unitParams,
      query: z.strictObject({ ...pageQuery, leafCode: leafCodeParam.optional(), sort: sortQuery(['leafCode', 'createdAt', 'originalName', 'size']) }),
      responses: { 200: { description: 'Một trang tài liệu', schema: z.object({ items: z.array(evidenceSchema), paging: pagingSchema }) } },
    },
    async ({ params: { year, unitCode }, query, principal }) => {
      const a = await assessmentFor(db, principal, year, unitCode);
      const p = pageOf(query, 100);
      const where = { assessmentId: a.id, ...(query.leafCode ? { leafCode: query.leafCode } : {}) };
      const sort = query.sort ?? { key: 'leafCode', dir: 'asc' };
      const [rows, total] = await Promise.all([
        db.evidenceFile.findMany({ where, orderBy: [{ [sort.key]: sort.dir }, { createdAt: 'asc' }], skip: p.skip, take: p.take }),
        db.evidenceFile.count({ where }),
      ]);
      return { items: rows.map((e) => view(year, unitCode, e)), paging: paging(p, total) };
    },
  );

  r.route(
    {
      method: 'get',
      path: '/years/:year/units/:unitCode/leaves/:leafCode/evidence',
      summary: 'Tài liệu kiểm chứng của một tiêu chí',
      access: { roles: ROLES, scope: ['unit'] },
      params: leafParams,
      responses: { 200: { description: 'Danh sách', schema: z.object({ items: z.array(evidenceSchema) }) } },
    },
    async ({ params: { year, unitCode, leafCode }, principal }) => {
      const a = await assessmentFor(db, principal, year, unitCode);
      const rows = await db.evidenceFile.findMany({ where: { assessmentId: a.id, leafCode }, orderBy: { createdAt: 'asc' } });
      return { items: rows.map((e) => view(year, unitCode, e)) };
    },
  );

  r.route(
    {
      method: 'post',
      path: '/years/:year/units/:unitCode/leaves/:leafCode/evidence',
      summary: 'Tải lên một tài liệu kiểm chứng cho tiêu chí',
      description:
        `multipart/form-data, đúng một tệp trong trường "file", tối đa theo cấu hình EVIDENCE_MAX_BYTES. Nhận ${ACCEPTED_LABEL}; ` +
        'loại tệp được kiểm tra theo nội dung và theo tên (phải khớp nhau). Tệp được lưu theo SHA-256 của nội dung. ' +
        'Sau khi đơn vị nộp hồ sơ, không thêm hay xóa được (409 EVIDENCE_LOCKED) — trừ tài liệu bổ sung: trong thời hạn giải trình, đơn vị bổ sung ' +
        'tài liệu cho các tiêu chí Hội đồng yêu cầu giải trình (và chỉ các tiêu chí đó); tài liệu được đánh dấu bổ sung và không đổi được sau khi hết thời hạn.',
      access: { roles: ['unit_officer', 'unit_head'], scope: ['unit'] },
      params: leafParams,
      upload: {
        contentTypes: ['multipart/form-data'],
        description: 'Một tệp trong trường "file"',
        schema: z.strictObject({ file: z.string().meta({ format: 'binary', description: 'Tệp PDF, Word, Excel hoặc ảnh' }) }),
      },
      responses: { 201: { description: 'Đã lưu', schema: evidenceSchema, headers: { Location: 'Địa chỉ tải về' } } },
    },
    async ({ params: { year, unitCode, leafCode }, principal, req, res }) => {
      const a = await assessmentFor(db, principal, year, unitCode);
      if (!leafOf((await loadSet(db, a.criteriaSet)), leafCode)) throw notFound(`Không có tiêu chí ${leafCode} trong bộ tiêu chí của đơn vị.`);
      // Checked before reading the file, and again under the lock when it is stored.
      await openFor(db, a.id, leafCode, false);
      const declared = Number(req.headers['content-length'] ?? NaN);
      if (Number.isFinite(declared) && declared > maxBytes + MULTIPART_OVERHEAD) {
        req.resume();
        throw tooLarge(maxBytes);
      }

      const { received, filename } = await receiveSingleFile(req, store, maxBytes);
      let kept = false;
      try {
        if (received.truncated) throw tooLarge(maxBytes);
        const name = checkFileName(filename);
        if (!name.ok) throw unprocessable(name.message, [{ field: 'body.file', message: name.message }], 'FILE_NAME_INVALID');
        if (received.size === 0) throw unprocessable('Tệp rỗng.', [{ field: 'body.file', message: 'Tệp rỗng' }], 'FILE_EMPTY');
        const mediaType = mediaTypeOf(name.extension, received.head, received.tail);
        if (!mediaType) {
          throw new HttpProblem(415, 'Loại tệp không được chấp nhận', `Nội dung tệp “${name.name}” không phải ${ACCEPTED_LABEL} đúng với đuôi .${name.extension}.`, {
            code: 'FILE_TYPE_REFUSED',
            errors: [{ field: 'body.file', message: 'Nội dung không khớp loại tệp được phép' }],
          });
        }
        await store.keep(received);
        kept = true;
        const row = await inTransaction(db, async (tx) => {
          const kind = await openFor(tx, a.id, leafCode, true);
          const created = await tx.evidenceFile.create({
            data: { assessmentId: a.id, leafCode, sha256: received.sha256, size: received.size, mediaType, originalName: name.name, uploadedBy: principal.username, ...kind },
          });
          await appendAudit(tx, {
            at: new Date(),
            ...actorOf(principal),
            year,
            assessmentId: a.id,
            action: kind.supplementary ? 'evidence.supplementary' : 'evidence.upload',
            target: leafCode,
            after: { id: created.id, name: name.name, sha256: received.sha256, size: received.size, mediaType, ...(kind.supplementary ? { disputeRound: kind.disputeRound } : {}) },
          });
          return created;
        });
        const v = view(year, unitCode, row);
        res.location(v.downloadUrl);
        return v;
      } finally {
        // Bytes kept under their hash stay (they may be shared); anything else is removed.
        if (!kept) await store.discard(received);
      }
    },
  );

  r.route(
    {
      method: 'get',
      path: '/years/:year/units/:unitCode/evidence/:evidenceId',
      summary: 'Tải về một tài liệu kiểm chứng',
      description: 'Content-Type theo nội dung đã kiểm tra, Content-Disposition: attachment với tên gốc (RFC 5987), X-Content-Type-Options: nosniff, Repr-Digest là SHA-256.',
      access: { roles: ROLES, scope: ['unit'] },
      params: fileParams,
      responses: {
        200: {
          description: 'Nội dung tệp',
          contentType: 'application/octet-stream',
          headers: { 'Content-Disposition': 'attachment; filename*=UTF-8…', 'Repr-Digest': 'sha-256=:…:', ETag: 'SHA-256 của nội dung' },
        },
      },
    },
    async ({ params: { year, unitCode, evidenceId }, principal, res }) => {
      const a = await assessmentFor(db, principal, year, unitCode);
      const e = await db.evidenceFile.findFirst({ where: { id: evidenceId, assessmentId: a.id } });
      if (!e) throw notFound('Không có tài liệu kiểm chứng này trong hồ sơ của đơn vị.');
      const file = await store.open(e.sha256);
      if (!file) throw new HttpProblem(500, 'Lỗi hệ thống', 'Không tìm thấy nội dung tệp trên máy chủ; liên hệ Sở Nội vụ.', { code: 'EVIDENCE_MISSING' });
      res.status(200);
      res.setHeader('Content-Type', e.mediaType);
      res.setHeader('Content-Length', String(file.size));
      res.setHeader('Content-Disposition', attachment(e.originalName));
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
      res.setHeader('Cache-Control', 'private, no-cache');
      res.setHeader('ETag', `"${e.sha256}"`);
      res.setHeader('Repr-Digest', `sha-256=:${Buffer.from(e.sha256, 'hex').toString('base64')}:`);
      await new Promise<void>((resolve, reject) => {
        file.stream.once('error', reject);
        res.once('finish', resolve);
        res.once('close', resolve);
        file.stream.pipe(res);
      });
    },
  );

  r.route(
    {
      method: 'delete',
      path: '/years/:year/units/:unitCode/evidence/:evidenceId',
      summary: 'Gỡ một tài liệu kiểm chứng (khi đơn vị chưa nộp hồ sơ; tài liệu bổ sung: trong thời hạn giải trình)',
      access: { roles: ['unit_officer', 'unit_head'], scope: ['unit'] },
      params: fileParams,
      responses: { 204: { description: 'Đã gỡ' } },
    },
    async ({ params: { year, unitCode, evidenceId }, principal }) => {
      const a = await assessmentFor(db, principal, year, unitCode);
      await inTransaction(db, async (tx) => {
        const e = await tx.evidenceFile.findFirst({ where: { id: evidenceId, assessmentId: a.id } });
        if (!e) throw notFound('Không có tài liệu kiểm chứng này trong hồ sơ của đơn vị.');
        const window = canRemoveEvidence(await evidenceContext(tx, a.id, e.leafCode, true), e);
        if (!window.open) throw evidenceLocked(window.message);
        await tx.evidenceFile.delete({ where: { id: e.id } });
        await appendAudit(tx, {
          at: new Date(),
          ...actorOf(principal),
          year,
          assessmentId: a.id,
          action: 'evidence.delete',
          target: e.leafCode,
          before: { id: e.id, name: e.originalName, sha256: e.sha256, size: e.size, mediaType: e.mediaType },
        });
      });
    },
  );

  return r;
}
