import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { ecommerceAgent } from '../../src/agents/ecommerce/ecommerce-agent.js';
import { configVariableNames } from '../../src/config.js';
import { INTERFACE_ENDPOINTS } from '../lib/network.js';
import {
  actionsOf,
  asList,
  environmentOf,
  flat,
  identityStatements,
  resourcesOf,
  type Synthesized,
  synth,
} from './synth.js';

let s: Synthesized;

beforeAll(() => {
  s = synth();
});

const keyRef = () => {
  const [[keyId]] = resourcesOf(s.template, 'AWS::KMS::Key') as [[string, unknown]];
  return keyId;
};

describe('the default stack (Lambda ingress, VPC, agent)', () => {
  it('leaves no cdk-nag AwsSolutions finding unacknowledged, and every acknowledgement says why', () => {
    expect(s.findings).toEqual([]);
    const nag = s.acknowledgements.filter((a) => a.id.startsWith('AwsSolutions-'));
    expect(nag.length).toBeGreaterThan(5);
    for (const ack of nag) {
      expect(ack.id).toMatch(/^AwsSolutions-[A-Z0-9]+(\[.+\])?$/);
      expect(ack.reason.length, `${ack.id} at ${ack.path}`).toBeGreaterThan(50);
    }
  });

  it('encrypts every table, bucket, queue, topic, secret and log group with the rotated customer key', () => {
    const key = keyRef();
    s.template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    const usesKey = (v: unknown) => flat(v) === `<${key}.Arn>` || flat(v) === `<${key}>`;

    const tables = resourcesOf(s.template, 'AWS::DynamoDB::Table');
    expect(tables).toHaveLength(2);
    for (const [, t] of tables) {
      const sse = t.SSESpecification as Record<string, unknown>;
      expect(sse).toMatchObject({ SSEEnabled: true, SSEType: 'KMS' });
      expect(usesKey(sse.KMSMasterKeyId)).toBe(true);
    }
    for (const [id, q] of resourcesOf(s.template, 'AWS::SQS::Queue')) {
      expect(usesKey(q.KmsMasterKeyId), id).toBe(true);
    }
    for (const [id, t] of resourcesOf(s.template, 'AWS::SNS::Topic')) {
      expect(usesKey(t.KmsMasterKeyId), id).toBe(true);
    }
    for (const [id, secret] of resourcesOf(s.template, 'AWS::SecretsManager::Secret')) {
      expect(usesKey(secret.KmsKeyId), id).toBe(true);
    }
    const logGroups = resourcesOf(s.template, 'AWS::Logs::LogGroup');
    expect(logGroups.length).toBeGreaterThanOrEqual(4);
    for (const [id, lg] of logGroups) expect(usesKey(lg.KmsKeyId), id).toBe(true);

    const buckets = resourcesOf(s.template, 'AWS::S3::Bucket');
    for (const [id, b] of buckets) {
      const rule = (b.BucketEncryption as { ServerSideEncryptionConfiguration: unknown[] })
        .ServerSideEncryptionConfiguration[0] as { ServerSideEncryptionByDefault: Record<string, unknown> };
      const sse = rule.ServerSideEncryptionByDefault;
      // The access-log bucket can only use SSE-S3 (a limit of S3 server access logging); the rest use the key.
      if (id.includes('AccessLogs')) expect(sse.SSEAlgorithm).toBe('AES256');
      else expect([sse.SSEAlgorithm, usesKey(sse.KMSMasterKeyID)]).toEqual(['aws:kms', true]);
    }
  });

  it('denies every request to its buckets, queues and topic that does not use TLS', () => {
    const denyInsecure = Match.arrayWith([
      Match.objectLike({
        Effect: 'Deny',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    ]);
    const policies = [
      ...resourcesOf(s.template, 'AWS::S3::BucketPolicy'),
      ...resourcesOf(s.template, 'AWS::SQS::QueuePolicy'),
      ...resourcesOf(s.template, 'AWS::SNS::TopicPolicy'),
    ];
    expect(policies).toHaveLength(
      resourcesOf(s.template, 'AWS::S3::Bucket').length +
        resourcesOf(s.template, 'AWS::SQS::Queue').length +
        resourcesOf(s.template, 'AWS::SNS::Topic').length,
    );
    for (const type of ['AWS::S3::BucketPolicy', 'AWS::SQS::QueuePolicy', 'AWS::SNS::TopicPolicy']) {
      s.template.allResourcesProperties(type, { PolicyDocument: { Statement: denyInsecure } });
    }
  });

  it('keeps the blob bucket private and versioned, and expires generated images', () => {
    s.template.allResourcesProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
    s.template.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'blobs/' }),
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({ Prefix: 'images/', ExpirationInDays: 30, Status: 'Enabled' }),
          Match.objectLike({ NoncurrentVersionExpiration: { NoncurrentDays: 30 } }),
        ]),
      },
    });
  });

  it('creates the Strata table on demand, with point-in-time recovery and TTL on expiresAt', () => {
    s.template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
    s.template.allResourcesProperties('AWS::DynamoDB::Table', {
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
  });

  it('grants no wildcard action in any policy, on Bedrock or anything else', () => {
    const statements = identityStatements(s.template);
    expect(statements.length).toBeGreaterThan(10);
    const wildcards = statements.flatMap(({ policy, statement }) =>
      actionsOf(statement)
        .filter((a) => a.includes('*'))
        .map((a) => `${policy}: ${a}`),
    );
    expect(wildcards).toEqual([]);
  });

  it('lets the worker invoke exactly the configured models, and routed regions only through their profile', () => {
    const invoke = identityStatements(s.template).filter(
      ({ policy, statement }) =>
        policy.startsWith('IngressWorker') && actionsOf(statement).includes('bedrock:InvokeModel'),
    );
    const direct = invoke.find(({ statement }) => statement.Condition === undefined)?.statement;
    expect(asList(direct?.Resource).map(flat).sort()).toEqual(
      [
        'arn:<AWS::Partition>:bedrock:<AWS::Region>::foundation-model/amazon.nova-canvas-v1:0',
        'arn:<AWS::Partition>:bedrock:<AWS::Region>::foundation-model/amazon.titan-embed-text-v2:0',
        'arn:<AWS::Partition>:bedrock:<AWS::Region>:<AWS::AccountId>:inference-profile/us.anthropic.claude-3-5-haiku-20241022-v1:0',
      ].sort(),
    );
    const routed = invoke.find(({ statement }) => statement.Condition !== undefined)?.statement;
    expect(asList(routed?.Resource).map(flat)).toContain(
      'arn:<AWS::Partition>:bedrock:us-east-2::foundation-model/anthropic.claude-3-5-haiku-20241022-v1:0',
    );
    expect(flat(routed?.Condition?.StringEquals?.['bedrock:InferenceProfileArn'])).toBe(
      'arn:<AWS::Partition>:bedrock:<AWS::Region>:<AWS::AccountId>:inference-profile/us.anthropic.claude-3-5-haiku-20241022-v1:0',
    );
    const ingressInvokes = identityStatements(s.template).filter(
      ({ policy, statement }) =>
        policy.startsWith('IngressRole') && actionsOf(statement).some((a) => a.startsWith('bedrock:Invoke')),
    );
    expect(ingressInvokes).toEqual([]);
  });

  it('lets the worker invoke only this account’s deployed custom models beyond the configured ones', () => {
    const own = identityStatements(s.template).find(
      ({ statement }) => statement.Sid === 'InvokeOwnCustomModels',
    );
    expect(own?.policy).toMatch(/^IngressWorker/);
    expect(asList(own?.statement.Resource).map(flat)).toEqual([
      'arn:<AWS::Partition>:bedrock:<AWS::Region>:<AWS::AccountId>:custom-model-deployment/*',
      'arn:<AWS::Partition>:bedrock:<AWS::Region>:<AWS::AccountId>:provisioned-model/*',
    ]);
  });

  it('allows bedrock:InvokeAgent only on the stack’s agent alias', () => {
    const agent = identityStatements(s.template).filter(({ statement }) =>
      actionsOf(statement).includes('bedrock:InvokeAgent'),
    );
    expect(agent).toHaveLength(1);
    expect(asList(agent[0]?.statement.Resource).map(flat)).toEqual([
      expect.stringMatching(
        /^arn:<AWS::Partition>:bedrock:<AWS::Region>:<AWS::AccountId>:agent-alias\/<EcommerceAgent\w+\.AgentId>\/<EcommerceAgentAlias\w+\.AgentAliasId>$/,
      ),
    ]);
  });

  it('lets Strata pass only the customization role, and only to Bedrock', () => {
    const passRole = identityStatements(s.template).filter(({ statement }) =>
      actionsOf(statement).includes('iam:PassRole'),
    );
    expect(passRole.length).toBeGreaterThan(0);
    for (const { statement } of passRole) {
      expect(asList(statement.Resource).map(flat)).toEqual([
        expect.stringMatching(/^<CustomizationRole\w+\.Arn>$/),
      ]);
      expect(statement.Condition).toEqual({
        StringEquals: { 'iam:PassedToService': 'bedrock.amazonaws.com' },
      });
    }
  });

  it('gives the customization role to Bedrock jobs of this account only, reading finetune/, writing its output/', () => {
    const [[, role]] = resourcesOf(s.template, 'AWS::IAM::Role').filter(([id]) =>
      id.startsWith('CustomizationRole'),
    ) as [[string, Record<string, unknown>]];
    expect(role.AssumeRolePolicyDocument).toMatchObject({
      Statement: [
        {
          Principal: { Service: 'bedrock.amazonaws.com' },
          Condition: {
            StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
            ArnLike: { 'aws:SourceArn': expect.anything() },
          },
        },
      ],
    });
    const statements = identityStatements(s.template).filter(({ policy }) =>
      policy.startsWith('CustomizationRole'),
    );
    const s3 = statements
      .filter(({ statement }) => actionsOf(statement).some((a) => a.startsWith('s3:')))
      .map(
        ({ statement }) =>
          `${actionsOf(statement).join(',')} ${asList(statement.Resource).map(flat).join(',')}`,
      );
    expect(s3).toEqual([
      expect.stringMatching(/^s3:GetObject <DataBlobs\w+\.Arn>\/finetune\/\*$/),
      expect.stringMatching(/^s3:PutObject <DataBlobs\w+\.Arn>\/finetune\/output\/\*$/),
      expect.stringMatching(/^s3:ListBucket <DataBlobs\w+\.Arn>$/),
    ]);
  });

  it('reaches AWS through VPC endpoints, with every function in private subnets', () => {
    const services = resourcesOf(s.template, 'AWS::EC2::VPCEndpoint').map(([, e]) => flat(e.ServiceName));
    for (const name of [
      'bedrock-runtime',
      'bedrock-agent-runtime',
      'bedrock',
      'secretsmanager',
      'sqs',
      'logs',
    ]) {
      expect(services).toContain(`com.amazonaws.<AWS::Region>.${name}`);
    }
    expect(services.filter((n) => n.endsWith('.s3') || n.endsWith('.dynamodb'))).toHaveLength(2);
    expect(Object.keys(INTERFACE_ENDPOINTS)).toHaveLength(6);
    s.template.allResourcesProperties('AWS::EC2::VPCEndpoint', {
      VpcId: Match.anyValue(),
    });
    s.template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      VpcEndpointType: 'Interface',
      PrivateDnsEnabled: true,
    });

    const privateSubnets = resourcesOf(s.template, 'AWS::EC2::Subnet')
      .filter(([, subnet]) => subnet.MapPublicIpOnLaunch === false)
      .map(([id]) => id);
    const functions = resourcesOf(s.template, 'AWS::Lambda::Function');
    expect(functions.length).toBe(3);
    for (const [id, fn] of functions) {
      const subnets = asList((fn.VpcConfig as { SubnetIds?: unknown[] } | undefined)?.SubnetIds ?? []).map(
        flat,
      );
      expect(subnets.length, id).toBeGreaterThan(0);
      for (const subnet of subnets) expect(privateSubnets.map((p) => `<${p}>`)).toContain(subnet);
    }
    s.template.hasResourceProperties('AWS::EC2::FlowLog', { TrafficType: 'ALL' });
  });

  it('queues jobs with a dead-letter queue and reports failed jobs one by one', () => {
    const queues = resourcesOf(s.template, 'AWS::SQS::Queue');
    const jobs = queues.find(([, q]) => q.RedrivePolicy !== undefined);
    const dlq = queues.find(([, q]) => q.RedrivePolicy === undefined);
    expect(jobs?.[1].RedrivePolicy).toEqual({
      deadLetterTargetArn: { 'Fn::GetAtt': [dlq?.[0], 'Arn'] },
      maxReceiveCount: 3,
    });
    expect(jobs?.[1].MessageRetentionPeriod).toBe(86_400);
    // Visibility outlasts the longest worker run.
    expect(jobs?.[1].VisibilityTimeout).toBe(1800);
    s.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [jobs?.[0], 'Arn'] },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BatchSize: 5,
      ScalingConfig: { MaximumConcurrency: 20 },
    });
  });

  it('alarms on the dead-letter queue, Bedrock throttles and latency, function errors and a slow ingress', () => {
    const alarms = resourcesOf(s.template, 'AWS::CloudWatch::Alarm');
    const [[topic]] = resourcesOf(s.template, 'AWS::SNS::Topic') as [[string, unknown]];
    for (const [id, alarm] of alarms) {
      expect(asList(alarm.AlarmActions).map(flat), id).toEqual([`<${topic}>`]);
    }
    const byMetric = (namespace: string, metric: string) =>
      alarms.filter(([, a]) => a.Namespace === namespace && a.MetricName === metric);
    expect(byMetric('AWS/SQS', 'ApproximateNumberOfMessagesVisible')).toHaveLength(1);
    expect(byMetric('AWS/SQS', 'ApproximateAgeOfOldestMessage')).toHaveLength(1);
    // chat, embedding and image models (the agent uses the chat model's profile)
    expect(byMetric('AWS/Bedrock', 'InvocationThrottles')).toHaveLength(3);
    expect(byMetric('AWS/Bedrock', 'InvocationLatency')).toHaveLength(3);
    expect(byMetric('AWS/Bedrock', 'InvocationServerErrors')).toHaveLength(3);
    expect(byMetric('AWS/Lambda', 'Errors')).toHaveLength(3);
    expect(byMetric('AWS/Lambda', 'Duration')).toEqual([
      [expect.any(String), expect.objectContaining({ ExtendedStatistic: 'p99', Threshold: 2500 })],
    ]);
    expect(byMetric('AWS/ApiGateway', '5xx')).toHaveLength(1);
  });

  it('draws Bedrock per model, Strata’s EMF job metrics, functions and the queue on one dashboard', () => {
    const [[, dashboard]] = resourcesOf(s.template, 'AWS::CloudWatch::Dashboard') as [
      [string, Record<string, unknown>],
    ];
    const body = flat(dashboard.DashboardBody);
    for (const metric of [
      'Invocations',
      'InvocationLatency',
      'InputTokenCount',
      'OutputTokenCount',
      'InvocationThrottles',
      'InvocationClientErrors',
      'InvocationServerErrors',
    ]) {
      expect(body).toContain(
        `"AWS/Bedrock","${metric}","ModelId","us.anthropic.claude-3-5-haiku-20241022-v1:0"`,
      );
    }
    expect(body).toContain('SEARCH(\'{Strata,service,JobKind,Outcome} MetricName=\\"JobDuration\\"\'');
    expect(body).toContain('ApproximateAgeOfOldestMessage');
    expect(body).toContain('"AWS/Lambda","Throttles"');
  });

  it('puts no Slack token or signing secret in the template or in any environment variable', () => {
    const json = JSON.stringify(s.template.toJSON());
    expect(json).not.toMatch(/xox[abpr]-\w/);
    s.template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: {
        SecretStringTemplate: '{"botToken":"","signingSecret":""}',
        GenerateStringKey: 'placeholder',
      },
    });
    for (const [id, fn] of resourcesOf(s.template, 'AWS::Lambda::Function')) {
      const variables = (fn.Environment as { Variables: Record<string, unknown> }).Variables;
      for (const name of Object.keys(variables)) {
        expect(name, id).not.toMatch(/TOKEN|SIGNING|PASSWORD|SECRET$/);
      }
    }
  });

  it('configures the functions only through variables Strata’s config reads', () => {
    const known = new Set([...configVariableNames, 'NODE_OPTIONS']);
    const functions = resourcesOf(s.template, 'AWS::Lambda::Function');
    for (const [id, fn] of functions) {
      const names = Object.keys((fn.Environment as { Variables: Record<string, unknown> }).Variables);
      expect(
        names.filter((n) => !known.has(n)),
        id,
      ).toEqual([]);
    }
    const workerEnv = environmentOf(functions.find(([id]) => id.startsWith('IngressWorker'))?.[1]);
    expect(workerEnv).toMatchObject({
      STRATA_SLACK_SECRET_ARN: { Ref: expect.stringMatching(/^SlackCredentialsSecret/) },
      STRATA_TABLE_NAME: { Ref: expect.stringMatching(/^DataTable/) },
      STRATA_BUCKET: { Ref: expect.stringMatching(/^DataBlobs/) },
      BEDROCK_MODEL_ID: 'us.anthropic.claude-3-5-haiku-20241022-v1:0',
      STRATA_EMBEDDING_MODEL_ID: 'amazon.titan-embed-text-v2:0',
      STRATA_IMAGE_MODEL_ID: 'amazon.nova-canvas-v1:0',
      STRATA_AGENT_ID: { 'Fn::GetAtt': [expect.stringMatching(/^EcommerceAgent/), 'AgentId'] },
      STRATA_AGENT_ALIAS_ID: {
        'Fn::GetAtt': [expect.stringMatching(/^EcommerceAgentAlias/), 'AgentAliasId'],
      },
      STRATA_FINETUNE_ROLE_ARN: { 'Fn::GetAtt': [expect.stringMatching(/^CustomizationRole/), 'Arn'] },
    });
    expect(flat(workerEnv.STRATA_VECTOR_URI)).toMatch(/^s3:\/\/<DataBlobs\w+>\/vectors\/$/);
    const actionEnv = environmentOf(functions.find(([id]) => id.startsWith('EcommerceAgentAction'))?.[1]);
    expect(Object.keys(actionEnv).sort()).toEqual(['NODE_OPTIONS', 'STRATA_ORDERS_TABLE_NAME']);
  });

  it('takes Slack on POST /slack/events only, through a throttled stage with access logs', () => {
    const routes = resourcesOf(s.template, 'AWS::ApiGatewayV2::Route');
    expect(routes.map(([, r]) => r.RouteKey)).toEqual(['POST /slack/events']);
    s.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
    });
    s.template.hasResourceProperties('AWS::ApiGatewayV2::Integration', { PayloadFormatVersion: '2.0' });
  });

  it('deploys the ecommerce agent from its definition: confirmation before changes, hand-off returns control', () => {
    const [[, agent]] = resourcesOf(s.template, 'AWS::Bedrock::Agent') as [[string, Record<string, unknown>]];
    expect(agent).toMatchObject({
      Instruction: ecommerceAgent.instruction,
      FoundationModel: ecommerceAgent.foundationModel,
      AutoPrepare: true,
    });
    const groups = agent.ActionGroups as Array<Record<string, unknown>>;
    const expected = ecommerceAgent.actionGroups;
    expect(groups.map((g) => g.ActionGroupName)).toEqual(expected.map((g) => g.actionGroupName));
    for (const [i, group] of groups.entries()) {
      const spec = expected[i];
      const functions = (group.FunctionSchema as { Functions: Array<Record<string, unknown>> }).Functions;
      expect(functions.map((f) => [f.Name, f.RequireConfirmation])).toEqual(
        spec?.functionSchema.functions.map((f) => [f.name, f.requireConfirmation]),
      );
      const executor = group.ActionGroupExecutor as Record<string, unknown>;
      if (spec && 'lambda' in spec.executor)
        expect(flat(executor.Lambda)).toMatch(/^<EcommerceAgentAction\w+\.Arn>$/);
      else expect(executor).toEqual({ CustomControl: 'RETURN_CONTROL' });
    }
    s.template.hasResourceProperties('AWS::Lambda::Permission', {
      Principal: 'bedrock.amazonaws.com',
      SourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^EcommerceAgent'), 'AgentArn'] },
      SourceAccount: { Ref: 'AWS::AccountId' },
    });
    s.template.hasResourceProperties('AWS::Bedrock::AgentAlias', {
      AgentAliasName: 'live',
      Description: Match.stringLikeRegexp('definition [0-9a-f]{12}'),
    });
  });
});
