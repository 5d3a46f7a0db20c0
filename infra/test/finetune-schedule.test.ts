import { beforeAll, describe, expect, it } from 'vitest';
import { FINETUNE_WATCH_JOB } from '../../src/admin/finetune-watch-job.js';
import {
  actionsOf,
  environmentOf,
  flat,
  identityStatements,
  resourcesOf,
  type Synthesized,
  synth,
} from './synth.js';

let s: Synthesized;

beforeAll(() => {
  s = synth({ 'strata:vpc': 'false', 'strata:agent': 'false' });
});

const idOf = (template: Synthesized['template'], type: string, prefix: string): string => {
  const found = resourcesOf(template, type).filter(([id]) => id.startsWith(prefix));
  expect(found.map(([id]) => id)).toHaveLength(1);
  return found[0]?.[0] ?? '';
};

describe('the fine-tune watch schedule (Lambda mode)', () => {
  it('invokes the worker every 5 minutes with the watch job as the event, without retries', () => {
    const worker = idOf(s.template, 'AWS::Lambda::Function', 'IngressWorkerFunction');
    const rules = resourcesOf(s.template, 'AWS::Events::Rule');
    expect(rules).toHaveLength(1);
    const [, rule] = rules[0] as [string, Record<string, unknown>];
    expect(rule.ScheduleExpression).toBe('rate(5 minutes)');
    expect(rule.State).toBe('ENABLED');
    const targets = rule.Targets as Array<Record<string, unknown>>;
    expect(targets).toHaveLength(1);
    expect(flat(targets[0]?.Arn)).toBe(`<${worker}.Arn>`);
    expect(JSON.parse(String(targets[0]?.Input))).toEqual(FINETUNE_WATCH_JOB);
    expect(targets[0]?.RetryPolicy).toMatchObject({ MaximumRetryAttempts: 0 });
    expect(s.findings).toEqual([]);
  });

  it('lets only that rule invoke the worker (no role, a resource policy naming the rule)', () => {
    const worker = idOf(s.template, 'AWS::Lambda::Function', 'IngressWorkerFunction');
    const rule = idOf(s.template, 'AWS::Events::Rule', 'IngressFineTuneWatch');
    const fromEvents = resourcesOf(s.template, 'AWS::Lambda::Permission').filter(
      ([, p]) => p.Principal === 'events.amazonaws.com',
    );
    expect(fromEvents.map(([, p]) => [p.Action, flat(p.FunctionName), flat(p.SourceArn)])).toEqual([
      ['lambda:InvokeFunction', `<${worker}.Arn>`, `<${rule}.Arn>`],
    ]);
    expect(resourcesOf(s.template, 'AWS::Events::Rule')[0]?.[1].Targets).not.toContainEqual(
      expect.objectContaining({ RoleArn: expect.anything() }),
    );
  });

  it('gives the worker the queue for follow-up jobs: its URL, and SendMessage on that queue only', () => {
    const queue = idOf(s.template, 'AWS::SQS::Queue', 'IngressJobs');
    const [, fn] = resourcesOf(s.template, 'AWS::Lambda::Function').find(([id]) =>
      id.startsWith('IngressWorkerFunction'),
    ) as [string, Record<string, unknown>];
    expect(flat(environmentOf(fn).STRATA_QUEUE_URL)).toBe(`<${queue}>`);
    const role = idOf(s.template, 'AWS::IAM::Role', 'IngressWorkerRole');
    const sends = identityStatements(s.template)
      .filter(({ statement }) => actionsOf(statement).some((a) => a.startsWith('sqs:Send')))
      .filter(({ policy }) => {
        const [, p] = resourcesOf(s.template, 'AWS::IAM::Policy').find(([id]) => id === policy) ?? [];
        return (p?.Roles as unknown[] | undefined)?.some((r) => flat(r) === `<${role}>`);
      });
    expect(sends.map(({ statement }) => [actionsOf(statement), flat(statement.Resource)])).toEqual([
      [['sqs:SendMessage'], `<${queue}.Arn>`],
    ]);
  });
});

describe('the Socket Mode alternative', () => {
  it('has no schedule: the long-running service polls fine-tune jobs on its own timer', () => {
    const socket = synth({ 'strata:mode': 'socket', 'strata:agent': 'false' });
    expect(resourcesOf(socket.template, 'AWS::Events::Rule')).toEqual([]);
  });
});
