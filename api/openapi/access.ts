import type { Request, RequestHandler } from 'express';
import { appraisalRefusal, fieldsToAppraise } from '../../domain/council';
import { isUnitRole, type Role } from '../../domain/roles';
import { councilDuty } from '../../services/council';
import type { Db } from '../../lib/db/prisma';
import { csrfRefused } from '../auth/middleware';
import { forbidden, HttpProblem, unauthorized } from '../problem';

/**
 * Who may call a route, declared with the route (api/openapi/registry.ts) and enforced here before
 * any input is read. The same declaration appears in the OpenAPI document as `x-access`, from which
 * the authorisation matrix test is generated.
 */
export type Scope = 'unit' | 'field';

/**
 * A credential of its own that a public route requires instead of a signed-in user (a survey
 * respondent's token): checked before any input is read, like a role.
 */
export interface Credential {
  /** The request header carrying it, e.g. X-Survey-Token. */
  header: string;
  description: string;
  /** Throws the problem to answer (401) when the request does not carry a valid one. */
  check: (req: Request) => Promise<void>;
}

export type Access =
  | { public: true; credential?: Credential }
  | {
      public?: false;
      roles: readonly Role[];
      /** Limits some roles to their own resources; see the registry's comment. */
      scope?: readonly Scope[];
    };

export const isPublic = (access: Access): access is { public: true } => access.public === true;

export function authorise(access: Access): RequestHandler {
  if (isPublic(access)) {
    const credential = access.credential;
    if (!credential) return (_req, _res, next) => next();
    return async (req, _res, next) => {
      await credential.check(req);
      next();
    };
  }
  return (req, _res, next) => {
    if (!req.principal) return next(req.csrfRejected ? csrfRefused() : unauthorized());
    if (!access.roles.includes(req.principal.role)) return next(forbidden());
    next();
  };
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** The fields the signed-in council member appraises for the route's year and unit (scope 'field'). */
      ownedFields?: string[];
    }
  }
}

/** The field a path names: :fieldCode, or the first segment of :leafCode. */
export function fieldOfParams(params: Record<string, unknown>): string | undefined {
  if (typeof params.fieldCode === 'string') return params.fieldCode;
  if (typeof params.leafCode === 'string') return params.leafCode.split('.')[0];
  return undefined;
}

/** Runs after the path parameters are validated (it reads :unitCode, :year, :fieldCode, :leafCode). */
export function checkScope(access: Access, db: Db): RequestHandler {
  if (isPublic(access) || !access.scope?.length) return (_req, _res, next) => next();
  const scope = access.scope;
  return async (req, _res, next) => {
    const principal = req.principal!;
    const params = (req.parsed?.params ?? {}) as Record<string, unknown>;
    if (scope.includes('unit') && isUnitRole(principal.role) && params.unitCode !== principal.unitCode) {
      return next(forbidden('Bạn chỉ được truy cập hồ sơ của đơn vị mình.'));
    }
    if (scope.includes('field') && principal.role === 'council_member') {
      const year = params.year;
      const field = fieldOfParams(params);
      if (typeof year !== 'number' || field === undefined) return next(forbidden());
      // The fields assigned to the member, less a unit they belong to, plus those they substitute for.
      const duty = await councilDuty(db, year, principal.userId);
      const unitCode = typeof params.unitCode === 'string' ? params.unitCode : null;
      req.ownedFields = unitCode ? fieldsToAppraise(duty, unitCode) : duty.fields;
      const refusal = unitCode ? appraisalRefusal(duty, unitCode, field, year) : null;
      if (refusal) return next(new HttpProblem(403, 'Không có quyền', refusal.message, { code: refusal.code }));
      if (!req.ownedFields.includes(field)) return next(forbidden(`Lĩnh vực ${field} không được phân công cho bạn trong năm ${year}.`));
    }
    next();
  };
}
