import { ApplicationFailure } from '@temporalio/workflow';
import type { RefusalCode } from '../domain/refusals';

/** Rejects an update in its validator: nothing reaches history, the caller gets the code and message. */
export function refuse(code: RefusalCode, message: string): never {
  throw ApplicationFailure.create({ type: code, message, nonRetryable: true });
}
