import type { ActivityDeps } from './deps';
import { deliverNotice } from './mail';
import { renderNotice, type NoticeKind } from './notices';
import { councilRecipients, roleRecipients, unitRecipients } from './recipients';

export interface NotifyArgs {
  workflowId: string;
  /** The workflow's step; with the workflow id it keys the notice, so it goes out once. */
  step: string;
  kind: NoticeKind;
  assessmentId?: string;
  year?: number;
}

/** Renders a notice from what the database knows and delivers it to the people it concerns. */
export async function notify(deps: ActivityDeps, a: NotifyArgs): Promise<string> {
  const { db, publicUrl, secretariatEmail } = deps;
  const assessment = a.assessmentId
    ? await db.assessment.findUniqueOrThrow({ where: { id: a.assessmentId }, include: { unit: true } })
    : null;
  const year = assessment?.year ?? a.year;
  if (year === undefined) throw new Error('notify needs an assessment or a year');
  const secretariat = await roleRecipients(db, 'secretariat', secretariatEmail);

  let to: string[];
  switch (a.kind) {
    case 'SUBMITTED':
    case 'PUBLISHED':
      to = await unitRecipients(db, assessment!.unitId);
      break;
    case 'LOCKED_LATE':
      to = [...(await unitRecipients(db, assessment!.unitId)), ...secretariat];
      break;
    case 'APPRAISAL_OPEN':
      to = await councilRecipients(db, year);
      break;
    case 'COUNCIL_REVIEW':
      to = [...(await roleRecipients(db, 'chair')), ...secretariat];
      break;
  }
  const link = assessment ? `${publicUrl}/#/nam/${year}/don-vi/${assessment.unit.code}` : `${publicUrl}/#/nam/${year}`;
  const { subject, text } = renderNotice(a.kind, {
    year,
    unitName: assessment?.unit.name,
    unitCode: assessment?.unit.code,
    at: Date.now(),
    deadline: assessment?.phaseDeadline?.getTime() ?? null,
    rank: assessment?.rank,
    classification: assessment?.classification,
    indexPct: assessment?.indexPct,
    link,
  });
  return deliverNotice(deps, { key: `${a.workflowId}/${a.step}`, to, subject, text });
}
