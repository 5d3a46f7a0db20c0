import type { SQSRecord } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { createWorkerHandler } from '../../src/cloud/lambda-worker.js';
import { createEmfJobMetrics, type JobMetrics } from '../../src/cloud/metrics.js';
import type { Job } from '../../src/jobs.js';
import { createLogger } from '../../src/log.js';
import { toRecord } from './helpers/fake-sqs.js';

function record(id: string, body: unknown): SQSRecord {
  return toRecord({
    messageId: id,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    attributes: {},
  });
}

const chat = (text: string) => ({
  kind: 'chat',
  eventId: `Ev-${text}`,
  channel: 'C0GENERAL',
  threadTs: '1.000100',
  messageTs: '1.000100',
  user: 'U0ALICE',
  text,
  botUserId: 'U0STRATA',
});

/** Job is a union that grows with every feature; these tests only send chat jobs. */
const textOf = (job: Job): string => ('text' in job && typeof job.text === 'string' ? job.text : '');

function recordingMetrics() {
  const finished: Array<{ kind: string; outcome: string; durationMs: number }> = [];
  const metrics: JobMetrics = {
    jobFinished: (kind, outcome, durationMs) => finished.push({ kind, outcome, durationMs }),
  };
  return { finished, metrics };
}

describe('the worker function', () => {
  it('runs every job of a batch and reports only the failed ones back to SQS', async () => {
    const ran: string[] = [];
    const { finished, metrics } = recordingMetrics();
    let clock = 1000;
    const handler = createWorkerHandler({
      run: async (job: Job) => {
        ran.push(textOf(job));
        clock += 250;
        if (textOf(job) === 'boom') throw new Error('Slack said no');
      },
      logger: createLogger({ level: 'silent' }),
      metrics,
      now: () => clock,
    });

    const response = await handler({
      Records: [record('m1', chat('one')), record('m2', chat('boom')), record('m3', chat('three'))],
    });

    expect(ran.sort()).toEqual(['boom', 'one', 'three']);
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm2' }] });
    expect(finished.map((f) => f.outcome).sort()).toEqual(['failed', 'succeeded', 'succeeded']);
    expect(finished.every((f) => f.kind === 'chat' && f.durationMs > 0)).toBe(true);
  });

  it('sends a message that is not a Strata job back as failed, so it ends in the dead-letter queue', async () => {
    const run = vi.fn(async () => {});
    const handler = createWorkerHandler({
      run,
      logger: createLogger({ level: 'silent' }),
      metrics: recordingMetrics().metrics,
    });

    const response = await handler({
      Records: [record('junk', 'not json'), record('nokind', { text: 'hi' }), record('ok', chat('fine'))],
    });

    expect(response.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(['junk', 'nokind']);
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('tells the job it is a rerun when SQS redelivers its message', async () => {
    const runs: boolean[] = [];
    const handler = createWorkerHandler({
      run: async (_job, context) => {
        runs.push(context.recovered);
      },
      logger: createLogger({ level: 'silent' }),
      metrics: recordingMetrics().metrics,
    });
    const first = record('m1', chat('one'));
    const again = {
      ...record('m2', chat('two')),
      attributes: { ...first.attributes, ApproximateReceiveCount: '2' },
    };

    await handler({ Records: [first, again] });
    expect(runs).toEqual([false, true]);
  });

  it('runs the jobs of one batch side by side, not one after another', async () => {
    let releaseFirst: () => void = () => {};
    const firstBlocked = new Promise<void>((resolve) => {
      releaseFirst = resolve;
    });
    const handler = createWorkerHandler({
      run: async (job: Job) => {
        // The first job can only finish once the second one has started.
        if (textOf(job) === 'first') await firstBlocked;
        else releaseFirst();
      },
      logger: createLogger({ level: 'silent' }),
      metrics: recordingMetrics().metrics,
    });

    const response = await handler({ Records: [record('a', chat('first')), record('b', chat('second'))] });
    expect(response.batchItemFailures).toEqual([]);
  });
});

describe('job metrics', () => {
  it('writes one Embedded Metric Format line per job with its kind and outcome as dimensions', () => {
    const lines: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    createEmfJobMetrics({ namespace: 'StrataTest' }).jobFinished('chat', 'failed', 1234);
    write.mockRestore();

    const emf = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => '_aws' in l);
    expect(emf).toMatchObject({
      _aws: {
        CloudWatchMetrics: [
          {
            Namespace: 'StrataTest',
            Dimensions: [expect.arrayContaining(['service', 'JobKind', 'Outcome'])],
            Metrics: [{ Name: 'JobDuration', Unit: 'Milliseconds' }],
          },
        ],
      },
      service: 'strata',
      JobKind: 'chat',
      Outcome: 'failed',
      JobDuration: 1234,
    });
  });
});
