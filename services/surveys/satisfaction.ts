import { formatPercent } from '../../domain/decimal';
import { LEAF_KIND_LABELS, nodeLabel } from '../../domain/criteria/labels';
import { appendAudit } from '../../lib/audit';
import { type Prisma, type Db } from '../../lib/db/prisma';
import type { Actor } from './design';
import { conflict, invalid, type SurveyErrorField } from '../../domain/surveys/errors';
import { storeSurveyScores } from './scores';
import type { SatisfactionRowInput } from '../../domain/surveys/satisfaction-rows';
import { findLeaf } from '../../domain/surveys/validate-questionnaire';
import { loadYear, yearSets } from './year';

/**
 * The satisfaction survey (SIPAS): results per unit and indicator, imported per year from Excel or JSON
 * and mapped to the satisfaction-scored leaves of each unit group's criteria set. A new import replaces
 * the previous one atomically, is recorded in the audit log with what it replaced, and refreshes the
 * stored points of every assessment of the year.
 */

export interface MappingInput {
  indicator: string;
  name?: string | null;
  groupCode: string;
  leafCode: string;
}

/** Replaces the year's indicator → leaf mappings; refused whole if any is invalid. Applies to later imports. */
export async function saveSatisfactionMappings(db: Db, actor: Actor, year: number, mappings: MappingInput[]) {
  const yearRow = await loadYear(db, year);
  if (['approved', 'published'].includes(yearRow.status)) throw resultsApproved(year);
  const sets = await yearSets(db, year);
  const errors: SurveyErrorField[] = [];
  const seenIndicator = new Map<string, number>();
  const seenLeaf = new Map<string, number>();
  mappings.forEach((m, i) => {
    const field = `body.mappings[${i}]`;
    const s = sets.get(m.groupCode);
    if (!s) return void errors.push({ field: `${field}.groupCode`, message: `Nhóm đơn vị ${m.groupCode} chưa có bộ tiêu chí năm ${year}.` });
    const leaf = findLeaf(s.set, m.leafCode);
    if (!leaf) return void errors.push({ field: `${field}.leafCode`, message: `Chỉ số ${m.indicator}: ${nodeLabel(m.leafCode)} không có trong bộ tiêu chí nhóm ${m.groupCode}.` });
    if (leaf.kind !== 'satisfaction') {
      return void errors.push({ field: `${field}.leafCode`, message: `Chỉ số ${m.indicator}: ${nodeLabel(m.leafCode)} (“${leaf.title}”) là loại “${LEAF_KIND_LABELS[leaf.kind]}”, không chấm bằng khảo sát sự hài lòng.` });
    }
    const ik = `${m.groupCode}/${m.indicator}`;
    const lk = `${m.groupCode}/${m.leafCode}`;
    if (seenIndicator.has(ik)) errors.push({ field: `${field}.indicator`, message: `Chỉ số ${m.indicator} của nhóm ${m.groupCode} đã được gắn ở dòng ${seenIndicator.get(ik)! + 1}.` });
    else seenIndicator.set(ik, i);
    if (seenLeaf.has(lk)) errors.push({ field: `${field}.leafCode`, message: `${nodeLabel(m.leafCode)} của nhóm ${m.groupCode} đã nhận kết quả của chỉ số khác (dòng ${seenLeaf.get(lk)! + 1}).` });
    else seenLeaf.set(lk, i);
  });
  if (errors.length) throw invalid('Bảng gắn chỉ số hài lòng với tiêu chí chưa hợp lệ.', errors);
  return db.$transaction(async (tx) => {
    const before = await tx.satisfactionMapping.findMany({ where: { year }, include: { group: true } });
    await tx.satisfactionMapping.deleteMany({ where: { year } });
    await tx.satisfactionMapping.createMany({
      data: mappings.map((m) => ({ year, indicator: m.indicator, name: m.name ?? null, groupId: sets.get(m.groupCode)!.groupId, leafCode: m.leafCode })),
    });
    await appendAudit(tx, {
      at: new Date(),
      actor: actor.username,
      actorRole: actor.role,
      year,
      action: 'satisfaction.mappings.save',
      target: String(year),
      before: before.map((m) => [m.indicator, m.group.code, m.leafCode]),
      after: mappings.map((m) => [m.indicator, m.groupCode, m.leafCode]),
    });
    return satisfactionMappings(tx, year);
  });
}

export async function satisfactionMappings(db: Db | Prisma.TransactionClient, year: number) {
  const rows = await db.satisfactionMapping.findMany({ where: { year }, include: { group: true }, orderBy: [{ group: { order: 'asc' } }, { indicator: 'asc' }] });
  return rows.map((m) => ({ indicator: m.indicator, name: m.name, groupCode: m.group.code, leafCode: m.leafCode }));
}

const resultsApproved = (year: number) =>
  conflict('RESULTS_APPROVED', 'Kết quả đã được phê duyệt', `Kết quả Chỉ số CCHC năm ${year} đã được phê duyệt; không thể thay đổi kết quả khảo sát sự hài lòng.`);

export interface ImportSource {
  source: 'xlsx' | 'json';
  fileName?: string | null;
}

/**
 * Validates every row against the units and the year's mappings, then replaces the year's results in
 * one transaction: all rows or none.
 */
export async function importSatisfaction(db: Db, actor: Actor, year: number, rows: SatisfactionRowInput[], source: ImportSource) {
  const yearRow = await loadYear(db, year);
  if (['approved', 'published'].includes(yearRow.status)) throw resultsApproved(year);
  const units = await db.unit.findMany({ select: { id: true, code: true, groupId: true } });
  const unitByCode = new Map(units.map((u) => [u.code, u]));
  const mappings = await db.satisfactionMapping.findMany({ where: { year } });
  const leafOf = new Map(mappings.map((m) => [`${m.groupId}/${m.indicator}`, m.leafCode]));
  const errors: SurveyErrorField[] = [];
  const fail = (row: SatisfactionRowInput, column: Parameters<SatisfactionRowInput['where']>[0], message: string) => {
    const { prefix, ...where } = row.where(column);
    errors.push({ ...where, message: `${prefix}${message}` });
  };
  const firstOf = new Map<string, number>();
  const resolved: { unitId: string; indicator: string; leafCode: string; resultPct: number; sampleSize: number }[] = [];
  if (rows.length === 0) errors.push({ field: 'rows', message: 'Không có kết quả nào để nhập.' });
  rows.forEach((row, i) => {
    const unit = unitByCode.get(row.unitCode);
    if (!unit) return void fail(row, 'unitCode', `không có đơn vị mã ${row.unitCode}.`);
    const leafCode = leafOf.get(`${unit.groupId}/${row.indicator}`);
    if (!leafCode) return void fail(row, 'indicator', `chỉ số ${row.indicator} chưa được gắn với tiêu chí nào của nhóm đơn vị của ${row.unitCode}; hãy khai báo bảng gắn chỉ số trước.`);
    if (row.satisfactionPct < 0 || row.satisfactionPct > 10000) return void fail(row, 'satisfactionPct', `tỷ lệ hài lòng phải từ 0% đến 100%, nhận được ${formatPercent(row.satisfactionPct)}.`);
    if (!Number.isInteger(row.sampleSize) || row.sampleSize < 1) return void fail(row, 'sampleSize', 'cỡ mẫu phải là số nguyên dương.');
    const key = `${row.unitCode}/${row.indicator}`;
    const first = firstOf.get(key);
    if (first !== undefined) return void fail(row, 'indicator', `kết quả của ${row.unitCode}, chỉ số ${row.indicator} trùng với ${rows[first]!.label}.`);
    firstOf.set(key, i);
    resolved.push({ unitId: unit.id, indicator: row.indicator, leafCode, resultPct: row.satisfactionPct, sampleSize: row.sampleSize });
  });
  if (errors.length) throw invalid(`Kết quả khảo sát sự hài lòng không được nhập: ${errors.length} lỗi. Không kết quả nào được lưu.`, errors.slice(0, 500), 'SATISFACTION_INVALID');

  const unitCodeOf = new Map(units.map((u) => [u.id, u.code]));
  return db.$transaction(
    async (tx) => {
      // One import at a time per year, and none while the year changes status.
      await tx.$queryRaw`SELECT year FROM years WHERE year = ${year} FOR UPDATE`;
      const fresh = await tx.year.findUniqueOrThrow({ where: { year }, select: { status: true } });
      if (['approved', 'published'].includes(fresh.status)) throw resultsApproved(year);
      const previous = await tx.satisfactionImport.findFirst({ where: { year, replacedAt: null }, include: { results: true } });
      const now = new Date();
      if (previous) await tx.satisfactionImport.update({ where: { id: previous.id }, data: { replacedAt: now } });
      const created = await tx.satisfactionImport.create({
        data: { year, source: source.source, fileName: source.fileName ?? null, rowCount: resolved.length, importedBy: actor.username, importedAt: now },
      });
      await tx.satisfactionResult.createMany({ data: resolved.map((r) => ({ importId: created.id, ...r })) });
      const assessments = await tx.assessment.findMany({ where: { year }, select: { id: true } });
      for (const a of assessments) await storeSurveyScores(tx, a.id, ['satisfaction']);
      const summary = (list: { unitId: string; indicator: string; resultPct: number; sampleSize: number }[]) =>
        list.map((r) => [unitCodeOf.get(r.unitId), r.indicator, r.resultPct, r.sampleSize]).sort((a, b) => String(a[0]).localeCompare(String(b[0])) || String(a[1]).localeCompare(String(b[1])));
      await appendAudit(tx, {
        at: now,
        actor: actor.username,
        actorRole: actor.role,
        year,
        action: 'satisfaction.import',
        target: String(year),
        before: previous ? { importId: previous.id, importedAt: previous.importedAt.toISOString(), importedBy: previous.importedBy, results: summary(previous.results) } : null,
        after: { importId: created.id, source: source.source, fileName: source.fileName ?? null, results: summary(resolved) },
        reason: previous ? 'Nhập lại: thay thế toàn bộ kết quả của lần nhập trước.' : null,
      });
      return { importId: created.id, rows: resolved.length, replaced: previous?.id ?? null, assessmentsUpdated: assessments.length };
    },
    { timeout: 60_000 },
  );
}

/** The year's current results with the mappings and the history of imports. */
export async function satisfactionOverview(db: Db, year: number) {
  await loadYear(db, year);
  const imports = await db.satisfactionImport.findMany({ where: { year }, orderBy: { importedAt: 'desc' } });
  const current = imports.find((i) => i.replacedAt === null) ?? null;
  const results = current
    ? await db.satisfactionResult.findMany({ where: { importId: current.id }, include: { unit: { select: { code: true, name: true } } } })
    : [];
  return {
    year,
    mappings: await satisfactionMappings(db, year),
    current: current
      ? { importId: current.id, source: current.source, fileName: current.fileName, importedBy: current.importedBy, importedAt: current.importedAt.toISOString(), rows: current.rowCount }
      : null,
    results: results
      .map((r) => ({ unitCode: r.unit.code, unitName: r.unit.name, indicator: r.indicator, leafCode: r.leafCode, satisfactionPct: r.resultPct / 100, sampleSize: r.sampleSize }))
      .sort((a, b) => a.unitCode.localeCompare(b.unitCode) || a.indicator.localeCompare(b.indicator)),
    imports: imports.map((i) => ({ importId: i.id, source: i.source, fileName: i.fileName, importedBy: i.importedBy, importedAt: i.importedAt.toISOString(), rows: i.rowCount, replacedAt: i.replacedAt?.toISOString() ?? null })),
  };
}
