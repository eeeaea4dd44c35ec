import { condition, defineSignal, defineUpdate, setHandler } from '@temporalio/workflow';

/** The baseline of bench/workflow.ts: a workflow whose update validates nothing and does nothing. */
export const noopUpdate = defineUpdate<void>('noop');
export const stopSignal = defineSignal('stop');

export async function benchNoop(): Promise<void> {
  let stop = false;
  setHandler(noopUpdate, () => undefined, { validator: () => undefined });
  setHandler(stopSignal, () => {
    stop = true;
  });
  await condition(() => stop);
}
