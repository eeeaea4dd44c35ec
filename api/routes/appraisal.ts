import { Router } from 'express';
import { z } from 'zod';
import { approveYearUpdate, appraiseLeafUpdate, finishFieldUpdate } from '../../workflows/messages';
import { cycleWorkflowId } from '../../workflows/types';
import { requireRole } from '../auth/middleware';
import type { ApiDeps } from '../deps';
import { forbidden } from '../problem';
import { assessmentFor, ownedFields } from '../services/access';
import { codeParam, leafCodeParam, parseBody, parseParams, points, text, yearParam } from '../validate';
import { executeUpdate, updateIdFor } from '../workflow-updates';

const unitLeaf = z.strictObject({ year: yearParam, unitCode: codeParam, leafCode: leafCodeParam });
const unitField = z.strictObject({ year: yearParam, unitCode: codeParam, fieldCode: z.string().regex(/^\d{1,2}$/, 'Mã lĩnh vực là số') });

const appraiseBody = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('accept'), reason: text(2000).optional() }),
  z.strictObject({ action: z.literal('adjust'), score: points, reason: text(2000) }),
]);

/** Council members appraise the leaves of the fields they own, for every unit; the chair approves the year. */
export function appraisalRouter({ db, temporal }: ApiDeps): Router {
  const router = Router();
  const council = requireRole('council_member');

  router.post('/years/:year/units/:unitCode/appraisal/leaves/:leafCode', council, async (req, res) => {
    const { year, unitCode, leafCode } = parseParams(unitLeaf, req);
    const body = parseBody(appraiseBody, req);
    const assessment = await assessmentFor(db, req.principal!, year, unitCode);
    const fields = await ownedFields(db, req.principal!, year);
    if (!fields.length) throw forbidden(`Bạn chưa được phân công lĩnh vực nào trong năm ${year}.`);
    await executeUpdate(temporal, assessment.workflowId, appraiseLeafUpdate, updateIdFor(req, `appraise-${leafCode}`), [
      { actor: req.principal!.username, leafCode, action: body.action, score: 'score' in body ? body.score : undefined, reason: body.reason, fields },
    ]);
    res.status(200).json({ unitCode, leafCode, action: body.action });
  });

  router.post('/years/:year/units/:unitCode/appraisal/fields/:fieldCode/done', council, async (req, res) => {
    const { year, unitCode, fieldCode } = parseParams(unitField, req);
    parseBody(z.strictObject({}), req);
    const assessment = await assessmentFor(db, req.principal!, year, unitCode);
    const fields = await ownedFields(db, req.principal!, year);
    await executeUpdate(temporal, assessment.workflowId, finishFieldUpdate, updateIdFor(req, `field-done-${fieldCode}`), [
      { actor: req.principal!.username, field: fieldCode, fields },
    ]);
    res.status(200).json({ unitCode, fieldCode, status: 'done' });
  });

  router.post('/years/:year/approve', requireRole('chair'), async (req, res) => {
    const { year } = parseParams(z.strictObject({ year: yearParam }), req);
    parseBody(z.strictObject({}), req);
    await executeUpdate(temporal, cycleWorkflowId(year), approveYearUpdate, updateIdFor(req, 'approve'), [{ actor: req.principal!.username }]);
    res.status(202).json({ year, status: 'approved' });
  });

  return router;
}
