import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { installTemporalRuntime } from '../../lib/temporal';

/**
 * Replays the recorded histories of a whole year (test/histories, written by `npm run
 * record:histories`) against the current workflow code: a change that running workflows could not
 * replay fails here instead of in production. docs/workflows.md says when to re-record and when a
 * change needs `patched()`.
 */
const DIR = path.resolve(__dirname, '../histories');
const recorded = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((file) => {
    const { workflowId, history } = JSON.parse(readFileSync(path.join(DIR, file), 'utf8')) as { workflowId: string; history: unknown };
    return { file, workflowId, raw: history, history: historyFromJSON(history) };
  });

const replayOptions = () => ({
  workflowBundle: { codePath: process.env.PAR_TEST_WORKFLOW_BUNDLE! },
  replayName: 'recorded-histories',
});

describe('replay of recorded histories', () => {
  it('has the histories of a whole year: the cycle and one unit of every path', () => {
    expect(recorded.map((r) => r.workflowId).sort()).toEqual(['par/2023', 'par/2023/HCH', 'par/2023/HLB', 'par/2023/HNH', 'par/2023/SNV', 'par/2023/STC', 'par/2023/STP']);
  });

  it('replays every recorded history against the current workflow code', async () => {
    installTemporalRuntime();
    const failures: string[] = [];
    let replayed = 0;
    for await (const result of Worker.runReplayHistories(replayOptions(), recorded.map(({ workflowId, history }) => ({ workflowId, history })))) {
      replayed++;
      if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
    }
    expect(failures).toEqual([]);
    expect(replayed).toBe(recorded.length);
  });

  it('notices a history the code would not produce (the check is not vacuous)', async () => {
    installTemporalRuntime();
    const snv = recorded.find((r) => r.workflowId === 'par/2023/SNV')!;
    // The recorded year as if the code listened for the survey's close under another signal name: the
    // history then holds commands (round 1 opening) the code no longer issues.
    const raw = JSON.parse(JSON.stringify(snv.raw)) as { events: { workflowExecutionSignaledEventAttributes?: { signalName: string } }[] };
    raw.events.find((e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'surveyClosed')!.workflowExecutionSignaledEventAttributes!.signalName = 'surveyEnded';
    await expect(Worker.runReplayHistory(replayOptions(), historyFromJSON(raw), snv.workflowId)).rejects.toMatchObject({ name: 'DeterminismViolationError' });
  });
});
