import { Worker, type NativeConnection, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities';
import { WORKFLOWS_PATH } from './workflows-path';


export interface WorkerParams {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  deps: ActivityDeps;
  /** A prebuilt bundle (tests build it once per run); otherwise the workflows are bundled here. */
  workflowBundlePath?: string;
  options?: Partial<WorkerOptions>;
}

/** The worker running both workflows and every activity. */
export async function createWorker(p: WorkerParams): Promise<Worker> {
  return Worker.create({
    connection: p.connection,
    namespace: p.namespace,
    taskQueue: p.taskQueue,
    activities: createActivities(p.deps),
    ...(p.workflowBundlePath ? { workflowBundle: { codePath: p.workflowBundlePath } } : { workflowsPath: WORKFLOWS_PATH }),
    ...p.options,
  });
}
