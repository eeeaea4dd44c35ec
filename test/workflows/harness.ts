import type { AddressObject, ParsedMail } from 'mailparser';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import type { TestSmtp } from '../support/smtp';

export { startTimeSkippingYear, vnInstant, type TimeSkippingYear } from '../support/time-skipping';

/** Sends an update and returns its result, or the refusal's code and message. */
export async function tryUpdate<Ret, Args extends [unknown, ...unknown[]]>(
  handle: WorkflowHandle,
  update: UpdateDefinition<Ret, Args>,
  ...args: Args
): Promise<{ ok: true; result: Ret } | { ok: false; code: string; message: string }> {
  try {
    return { ok: true, result: await handle.executeUpdate(update, { args }) };
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
      return { ok: false, code: error.cause.type ?? '', message: error.cause.message };
    }
    throw error;
  }
}

/** Sends an update that must be accepted. */
export async function update<Ret, Args extends [unknown, ...unknown[]]>(handle: WorkflowHandle, def: UpdateDefinition<Ret, Args>, ...args: Args): Promise<Ret> {
  const outcome = await tryUpdate(handle, def, ...args);
  if (!outcome.ok) throw new Error(`${def.name} bị từ chối: ${outcome.code} ${outcome.message}`);
  return outcome.result;
}

export async function historyLength(handle: WorkflowHandle): Promise<number> {
  return (await handle.fetchHistory()).events?.length ?? 0;
}

/**
 * The history's events other than workflow tasks. The time-skipping server runs an update's validator
 * in an ordinary workflow task (which it records) where a real server uses a speculative one (which
 * leaves nothing): a refused update must add nothing else. The dev-server tests check the full history.
 */
export async function eventsBesidesTasks(handle: WorkflowHandle): Promise<string[]> {
  const { temporal } = await import('@temporalio/proto');
  const types = temporal.api.enums.v1.EventType;
  return ((await handle.fetchHistory()).events ?? [])
    .map((e) => types[e.eventType ?? 0] ?? String(e.eventType))
    .filter((name) => !name.startsWith('EVENT_TYPE_WORKFLOW_TASK_'));
}

export function recipients(mail: ParsedMail): string[] {
  const to = mail.to;
  const list = Array.isArray(to) ? to : to ? [to] : [];
  return list.flatMap((a: AddressObject) => a.value.map((v) => v.address ?? '')).sort();
}

/** The mails whose subject contains every one of `parts`. */
export function mailsAbout(smtp: TestSmtp, ...parts: string[]): ParsedMail[] {
  return smtp.messages.filter((m) => parts.every((p) => m.subject?.includes(p)));
}
