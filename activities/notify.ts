import { findLeaf } from '../domain/leaf-refs';
import { criteriaSetOf } from '../services/results/read';
import type { ActivityDeps } from './deps';
import { deliverNotice } from './mail';
import { AUDIENCE, renderNotice, type NoticeKind } from './notices';
import { councilRecipients, roleRecipients, unitRecipients } from './recipients';

export interface NotifyArgs {
  workflowId: string;
  /** The workflow's step; with the workflow id it keys the notice, so it goes out once. */
  step: string;
  kind: NoticeKind;
  /** The workflow's time of the event (the notice's "at"). */
  at: number;
  assessmentId?: string;
  year?: number;
  deadline?: number | null;
  daysBefore?: number;
  round?: number;
  /** Fields concerned; they also choose which council members receive it. */
  fields?: string[];
  leaves?: string[];
  /** Unit codes concerned (cycle notices). */
  units?: string[];
  reason?: string;
  what?: string;
}

/** Renders a notice from what the database knows and delivers it to the people it concerns. */
export async function notify(deps: ActivityDeps, a: NotifyArgs): Promise<string> {
  const { db, publicUrl, secretariatEmail } = deps;
  const assessment = a.assessmentId
    ? await db.assessment.findUniqueOrThrow({ where: { id: a.assessmentId }, include: { unit: true, criteriaSet: true } })
    : null;
  const year = assessment?.year ?? a.year;
  if (year === undefined) throw new Error('notify needs an assessment or a year');

  const to: string[] = [];
  for (const audience of AUDIENCE[a.kind]) {
    if (audience === 'unit' && assessment) to.push(...(await unitRecipients(db, assessment.unitId)));
    if (audience === 'council') to.push(...(await councilRecipients(db, year, a.fields ?? [], assessment?.unit.code)));
    if (audience === 'secretariat') to.push(...(await roleRecipients(db, 'secretariat', secretariatEmail)));
    if (audience === 'chair') to.push(...(await roleRecipients(db, 'chair')));
  }

  let leaves: string[] | undefined;
  if (a.leaves && assessment) {
    const set = criteriaSetOf(assessment.criteriaSet.tree);
    leaves = a.leaves.map((code) => `${code} — ${findLeaf(set, code)?.title ?? ''}`);
  }
  let units: string[] | undefined;
  if (a.units) {
    const rows = await db.unit.findMany({ where: { code: { in: a.units } }, select: { code: true, name: true }, orderBy: { code: 'asc' } });
    units = rows.map((u) => u.name);
  }

  const link = assessment ? `${publicUrl}/#/nam/${year}/don-vi/${assessment.unit.code}` : `${publicUrl}/#/nam/${year}`;
  const { subject, text } = renderNotice(a.kind, {
    year,
    unitName: assessment?.unit.name,
    at: a.at,
    deadline: a.deadline ?? null,
    daysBefore: a.daysBefore,
    round: a.round,
    fields: a.fields,
    leaves,
    units,
    reason: a.reason ?? assessment?.exclusionReason ?? null,
    what: a.what,
    rank: assessment?.rank,
    classification: assessment?.classification,
    indexPct: assessment?.indexPct,
    excluded: assessment?.excluded,
    link,
  });
  return deliverNotice(deps, { key: `${a.workflowId}/${a.step}`, to, subject, text });
}
