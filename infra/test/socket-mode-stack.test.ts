import { beforeAll, describe, expect, it } from 'vitest';
import { actionsOf, identityStatements, resourcesOf, type Synthesized, synth } from './synth.js';

let s: Synthesized;

beforeAll(() => {
  s = synth({ 'strata:mode': 'socket', 'strata:socketTasks': '2' });
});

describe('the Socket Mode alternative (strata:mode=socket)', () => {
  it('runs npm start on Fargate in private subnets, with no public endpoint, queue or functions for Slack', () => {
    s.template.hasResourceProperties('AWS::ECS::Service', {
      DesiredCount: 2,
      LaunchType: 'FARGATE',
      NetworkConfiguration: { AwsvpcConfiguration: { AssignPublicIp: 'DISABLED' } },
      DeploymentConfiguration: { DeploymentCircuitBreaker: { Enable: true, Rollback: true } },
    });
    for (const type of ['AWS::ApiGatewayV2::Api', 'AWS::SQS::Queue'])
      expect(resourcesOf(s.template, type)).toEqual([]);
    // Only the agent's action-group function remains.
    expect(resourcesOf(s.template, 'AWS::Lambda::Function')).toHaveLength(1);
  });

  it('injects the Slack tokens from Secrets Manager instead of plain environment variables', () => {
    const [[, task]] = resourcesOf(s.template, 'AWS::ECS::TaskDefinition') as [
      [string, Record<string, unknown>],
    ];
    const [container = {}] = task.ContainerDefinitions as Array<Record<string, unknown>>;
    const secrets = (container.Secrets as Array<{ Name: string }>).map((x) => x.Name).sort();
    expect(secrets).toEqual(['SLACK_APP_TOKEN', 'SLACK_BOT_TOKEN']);
    const env = (container.Environment as Array<{ Name: string }>).map((e) => e.Name);
    expect(env.filter((n) => /TOKEN|SIGNING/.test(n))).toEqual([]);
    expect(container.LogConfiguration).toMatchObject({ LogDriver: 'awslogs' });
  });

  it('gives the task role the worker’s Bedrock and store permissions, and passes cdk-nag', () => {
    const taskActions = identityStatements(s.template)
      .filter(({ policy }) => policy.startsWith('SocketModeTaskTaskRole'))
      .flatMap(({ statement }) => actionsOf(statement));
    for (const action of [
      'bedrock:InvokeModelWithResponseStream',
      'bedrock:InvokeAgent',
      'iam:PassRole',
      's3:PutObject',
    ]) {
      expect(taskActions).toContain(action);
    }
    s.template.hasResourceProperties('AWS::ECS::Cluster', {
      ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }],
    });
    expect(s.findings).toEqual([]);
  });
});
