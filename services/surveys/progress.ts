import type { Db } from '../../lib/db/prisma';
import { surveyWindow } from '../../domain/surveys/window';
import { loadYear } from './year';

/**
 * How far the survey has got: per respondent group, and per unit rated, how many forms were sent,
 * opened and submitted. A form counts for a unit when its group's questionnaires cover the unit's
 * group and the unit is not the respondent's own.
 */
interface Counts {
  forms: number;
  sent: number;
  opened: number;
  submitted: number;
}

const zero = (): Counts => ({ forms: 0, sent: 0, opened: 0, submitted: 0 });

export async function surveyProgress(db: Db, year: number, now = Date.now()) {
  const yearRow = await loadYear(db, year);
  const groups = await db.surveyRespondentGroup.findMany({
    where: { year },
    include: { questionnaires: { select: { targetGroupId: true } } },
    orderBy: [{ order: 'asc' }, { code: 'asc' }],
  });
  const respondents = await db.surveyRespondent.findMany({
    where: { year },
    select: { respondentGroupId: true, unitId: true, sentAt: true, openedAt: true, submittedAt: true, submittedVia: true },
  });
  const targetGroupIds = [...new Set(groups.flatMap((g) => g.questionnaires.map((q) => q.targetGroupId)))];
  const units = await db.unit.findMany({
    where: { groupId: { in: targetGroupIds }, active: true },
    include: { group: { select: { code: true, order: true } } },
  });
  units.sort((a, b) => a.group.order - b.group.order || a.name.localeCompare(b.name, 'vi'));

  const add = (c: Counts, r: (typeof respondents)[number]) => {
    c.forms++;
    if (r.sentAt || r.submittedAt) c.sent++;
    if (r.openedAt || r.submittedAt) c.opened++;
    if (r.submittedAt) c.submitted++;
  };
  const byGroup = groups.map((g) => {
    const counts = { ...zero(), online: 0, paper: 0 };
    for (const r of respondents) {
      if (r.respondentGroupId !== g.id) continue;
      add(counts, r);
      if (r.submittedVia === 'online') counts.online++;
      if (r.submittedVia === 'paper') counts.paper++;
    }
    return { code: g.code, name: g.name, ...counts };
  });
  const targetsOf = new Map(groups.map((g) => [g.id, new Set(g.questionnaires.map((q) => q.targetGroupId))]));
  const byUnit = units.map((u) => {
    const counts = zero();
    for (const r of respondents) if (targetsOf.get(r.respondentGroupId)?.has(u.groupId) && r.unitId !== u.id) add(counts, r);
    return { unitCode: u.code, unitName: u.name, groupCode: u.group.code, ...counts };
  });
  const window = surveyWindow(yearRow, now);
  return { year, state: window.state, closesAt: new Date(window.closesAt).toISOString(), byGroup, byUnit };
}
