import { Router } from 'express';
import { z } from 'zod';
import { submitUpdate } from '../../workflows/messages';
import { requireRole } from '../auth/middleware';
import type { ApiDeps } from '../deps';
import { assessmentFor } from '../services/access';
import { codeParam, parseBody, parseParams, yearParam } from '../validate';
import { executeUpdate, updateIdFor } from '../workflow-updates';

const unitParams = z.strictObject({ year: yearParam, unitCode: codeParam });

/** The unit head submits the self-assessment: an update to the unit's workflow, which locks the draft. */
export function submissionRouter({ db, temporal }: ApiDeps): Router {
  const router = Router();

  router.post('/years/:year/units/:unitCode/submit', requireRole('unit_head'), async (req, res) => {
    const { year, unitCode } = parseParams(unitParams, req);
    parseBody(z.strictObject({}), req);
    const assessment = await assessmentFor(db, req.principal!, year, unitCode);
    const result = await executeUpdate(temporal, assessment.workflowId, submitUpdate, updateIdFor(req, 'submit'), [{ actor: req.principal!.username }]);
    res.status(200).json({ unitCode, submittedAt: new Date(result.submittedAt).toISOString(), late: result.late });
  });

  return router;
}
