import { randomUUID } from 'node:crypto';
import type { Request } from 'express';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import { REFUSALS, isRefusalCode } from '../domain/refusals';
import { HttpProblem, badRequest, notFound } from './problem';

/**
 * Sends an update to a workflow and turns a refusal from its validator into the matching 409/422
 * problem. The update id derives from the caller's Idempotency-Key, so a retried request acts once
 * and gets the first result back.
 */
export function updateIdFor(req: Request, action: string): string {
  const key = req.header('Idempotency-Key');
  if (key === undefined) return `${action}:${randomUUID()}`;
  if (!/^[A-Za-z0-9_.:-]{8,128}$/.test(key)) {
    throw badRequest('Idempotency-Key phải gồm 8–128 ký tự chữ, số hoặc . _ : -', [{ field: 'header.Idempotency-Key', message: 'Không hợp lệ' }]);
  }
  return `${action}:${req.principal?.userId ?? 'anon'}:${key}`;
}

export async function executeUpdate<Ret, Args extends [unknown, ...unknown[]]>(
  temporal: Client,
  workflowId: string,
  update: UpdateDefinition<Ret, Args>,
  updateId: string,
  args: Args,
): Promise<Ret> {
  try {
    const handle = temporal.workflow.getHandle(workflowId);
    return await handle.executeUpdate(update, { args, updateId });
  } catch (error) {
    throw toProblem(error);
  }
}

export function toProblem(error: unknown): unknown {
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
    const code = error.cause.type;
    if (isRefusalCode(code)) {
      const { status, title } = REFUSALS[code];
      return new HttpProblem(status, title, error.cause.message, { code });
    }
  }
  if (error instanceof WorkflowNotFoundError) {
    return notFound('Quy trình đánh giá của đơn vị chưa được khởi tạo hoặc đã kết thúc.');
  }
  return error;
}
