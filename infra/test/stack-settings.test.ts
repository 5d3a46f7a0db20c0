import { describe, expect, it } from 'vitest';
import { mergeOperatorEnvironment } from '../lib/runtime-environment.js';
import { readSettings, SettingsError } from '../lib/stack-settings.js';

const from = (context: Record<string, unknown>) => readSettings((key) => context[key]);

describe('deployment settings from CDK context', () => {
  it('defaults to the secure production shape: Lambda ingress, VPC, agent, retained data', () => {
    expect(from({})).toMatchObject({
      mode: 'lambda',
      vpc: true,
      agent: true,
      retainData: true,
      natGateways: 1,
    });
  });

  it('reads command-line strings (-c strata:vpc=false) and cdk.json values alike', () => {
    expect(from({ 'strata:vpc': 'false', 'strata:workerBatchSize': '2' })).toMatchObject({
      vpc: false,
      workerBatchSize: 2,
    });
    expect(from({ 'strata:vpc': false, 'strata:admins': ['U1', 'U2'] })).toMatchObject({
      vpc: false,
      admins: ['U1', 'U2'],
    });
    expect(from({ 'strata:admins': 'U1, U2' }).admins).toEqual(['U1', 'U2']);
  });

  it.each([
    [{ 'strata:mode': 'kubernetes' }, 'strata:mode'],
    [{ 'strata:logRetentionDays': '12' }, 'strata:logRetentionDays'],
    [{ 'strata:workerTimeoutSeconds': '3600' }, 'strata:workerTimeoutSeconds'],
    [{ 'strata:alarmEmail': 'not-an-address' }, 'strata:alarmEmail'],
    [{ 'strata:slackSecretArn': 'strata/slack' }, 'strata:slackSecretArn'],
  ])('stops the synth naming the bad parameter for %o', (context, name) => {
    expect(() => from(context)).toThrow(SettingsError);
    expect(() => from(context)).toThrow(name);
  });
});

describe('operator settings passed through strata:environment', () => {
  const known = ['STRATA_ADMIN_GROUP', 'STRATA_TABLE_NAME', 'SLACK_BOT_TOKEN'];

  it('reads a JSON object from the command line and adds it to what the stack wires', () => {
    const { environment } = from({ 'strata:environment': '{"STRATA_ADMIN_GROUP":"S0ADMINS"}' });
    expect(mergeOperatorEnvironment({ STRATA_TABLE_NAME: 't' }, environment, known)).toEqual({
      STRATA_TABLE_NAME: 't',
      STRATA_ADMIN_GROUP: 'S0ADMINS',
    });
  });

  it.each([
    [{ STRATA_TYPO: 'x' }, /STRATA_TYPO is not a Strata setting/],
    [{ STRATA_TABLE_NAME: 'other' }, /STRATA_TABLE_NAME is set by the stack itself/],
    [{ SLACK_BOT_TOKEN: 'xoxb-1' }, /SLACK_BOT_TOKEN looks like a credential/],
  ])('refuses %o', (extra, problem) => {
    expect(() => mergeOperatorEnvironment({ STRATA_TABLE_NAME: 't' }, extra, known)).toThrow(problem);
  });
});
