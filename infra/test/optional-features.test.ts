import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { flat, resourcesOf, type Synthesized, synth } from './synth.js';

let s: Synthesized;
const EXTRA_ALIAS = 'arn:aws:bedrock:us-east-1:123456789012:agent-alias/AGENT12345/ALIAS12345';

beforeAll(() => {
  s = synth({
    'strata:invocationLogging': 'both',
    'strata:auditTrail': 'true',
    'strata:alarmEmail': 'oncall@example.com',
    'strata:extraModels': 'global.anthropic.claude-sonnet-4-20250514-v1:0',
    'strata:extraAgentAliasArns': EXTRA_ALIAS,
    'strata:customModelInvoke': 'false',
    'strata:environment': '{"STRATA_ADMIN_GROUP":"S0ADMINS"}',
  });
});

describe('the optional features (invocation logging, CloudTrail trail, alarm e-mail, extra model)', () => {
  it('still passes cdk-nag with every option on', () => {
    expect(s.findings).toEqual([]);
  });

  it('turns on Bedrock invocation logging to an encrypted log group and the bucket, through a role Bedrock assumes', () => {
    const [[, setting]] = resourcesOf(s.template, 'Custom::BedrockInvocationLogging') as [
      [string, Record<string, unknown>],
    ];
    const create = flat(setting.Create);
    expect(create).toContain('"action":"PutModelInvocationLoggingConfiguration"');
    expect(create).toContain('"cloudWatchConfig":{"logGroupName":"');
    expect(create).toContain('"s3Config":{"bucketName":"');
    expect(create).toContain('"keyPrefix":"bedrock-invocation-logs"');
    expect(flat(setting.Delete)).toContain('DeleteModelInvocationLoggingConfiguration');
    s.template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Principal: { Service: 'bedrock.amazonaws.com' },
            Condition: Match.objectLike({ StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } }),
          }),
        ],
      },
    });
    s.template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'bedrock.amazonaws.com' },
            Action: 's3:PutObject',
          }),
        ]),
      },
    });
  });

  it('records management events and Bedrock data events in a validated, encrypted trail', () => {
    s.template.hasResourceProperties('AWS::CloudTrail::Trail', {
      EnableLogFileValidation: true,
      KMSKeyId: Match.anyValue(),
      AdvancedEventSelectors: [
        { Name: 'Management events', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
        Match.objectLike({
          FieldSelectors: [
            { Field: 'eventCategory', Equals: ['Data'] },
            { Field: 'resources.type', Equals: ['AWS::Bedrock::Model'] },
          ],
        }),
        Match.objectLike({
          FieldSelectors: [
            { Field: 'eventCategory', Equals: ['Data'] },
            { Field: 'resources.type', Equals: ['AWS::Bedrock::AgentAlias'] },
          ],
        }),
      ],
    });
  });

  it('passes operator settings to the functions', () => {
    s.template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({ STRATA_ADMIN_GROUP: 'S0ADMINS', STRATA_TABLE_NAME: Match.anyValue() }),
      },
    });
  });

  it('mails alarms to the on-call address', () => {
    s.template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'oncall@example.com',
    });
  });

  it('lets /agent use the extra agent alias, and drops custom model invocation when asked', () => {
    const json = JSON.stringify(s.template.toJSON());
    expect(json).toContain(EXTRA_ALIAS);
    expect(json).not.toContain('InvokeOwnCustomModels');
  });

  it('grants a global inference profile through its region-less model ARN, only via that profile', () => {
    const json = JSON.stringify(s.template.toJSON());
    expect(json).toContain(':bedrock:::foundation-model/anthropic.claude-sonnet-4-20250514-v1:0');
    expect(json).toContain(':inference-profile/global.anthropic.claude-sonnet-4-20250514-v1:0');
  });
});
