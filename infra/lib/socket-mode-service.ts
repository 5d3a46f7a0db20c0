import { RemovalPolicy } from 'aws-cdk-lib';
import type { ISecurityGroup, IVpc } from 'aws-cdk-lib/aws-ec2';
import { SubnetType } from 'aws-cdk-lib/aws-ec2';
import { Platform } from 'aws-cdk-lib/aws-ecr-assets';
import {
  Cluster,
  ContainerImage,
  ContainerInsights,
  CpuArchitecture,
  Secret as EcsSecret,
  FargateService,
  FargateTaskDefinition,
  LogDrivers,
  OperatingSystemFamily,
} from 'aws-cdk-lib/aws-ecs';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { acknowledge, acknowledgeWildcardResources } from './acknowledge.js';
import { REPO_ROOT } from './strata-function.js';

export interface SocketModeServiceProps {
  readonly vpc: IVpc;
  readonly securityGroup: ISecurityGroup;
  readonly key: IKey;
  readonly slackSecret: ISecret;
  /** Plain configuration (names, ARNs, ids); the Slack tokens are injected from the secret. */
  readonly environment: Record<string, string>;
  readonly logRetention: RetentionDays;
  /** Running tasks; Slack spreads events over up to 10 Socket Mode connections, and event_id dedupe absorbs repeats. */
  readonly desiredCount: number;
  readonly cpu: number;
  readonly memoryLimitMiB: number;
}

/**
 * The Socket Mode alternative: `npm start` in a Fargate service in private subnets. It needs no public
 * endpoint (it dials out to Slack over WebSocket) and runs jobs in-process, so there is no queue or worker.
 * The image is built from the repository by `cdk deploy` (Docker is needed then, not for `cdk synth`).
 */
export class SocketModeService extends Construct {
  readonly service: FargateService;
  readonly taskDefinition: FargateTaskDefinition;

  constructor(scope: Construct, id: string, props: SocketModeServiceProps) {
    super(scope, id);
    const cluster = new Cluster(this, 'Cluster', {
      vpc: props.vpc,
      containerInsightsV2: ContainerInsights.ENABLED,
    });
    this.taskDefinition = new FargateTaskDefinition(this, 'Task', {
      cpu: props.cpu,
      memoryLimitMiB: props.memoryLimitMiB,
      runtimePlatform: {
        cpuArchitecture: CpuArchitecture.X86_64,
        operatingSystemFamily: OperatingSystemFamily.LINUX,
      },
    });
    const logGroup = new LogGroup(this, 'Logs', {
      encryptionKey: props.key,
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.taskDefinition.addContainer('strata', {
      image: ContainerImage.fromAsset(REPO_ROOT, {
        file: 'infra/docker/Dockerfile',
        platform: Platform.LINUX_AMD64,
        exclude: [
          'node_modules',
          '.git',
          '.data',
          'cdk.out',
          'coverage',
          'test-results',
          'test',
          'bench',
          'infra',
        ],
      }),
      environment: props.environment,
      secrets: {
        SLACK_BOT_TOKEN: EcsSecret.fromSecretsManager(props.slackSecret, 'botToken'),
        SLACK_APP_TOKEN: EcsSecret.fromSecretsManager(props.slackSecret, 'appToken'),
      },
      logging: LogDrivers.awsLogs({ streamPrefix: 'strata', logGroup }),
      readonlyRootFilesystem: false,
    });

    this.service = new FargateService(this, 'Service', {
      cluster,
      taskDefinition: this.taskDefinition,
      desiredCount: props.desiredCount,
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      circuitBreaker: { rollback: true },
      assignPublicIp: false,
      vpcSubnets: { subnetType: SubnetType.PRIVATE_WITH_EGRESS },
      securityGroups: [props.securityGroup],
    });
    acknowledgeWildcardResources(
      this.taskDefinition.obtainExecutionRole(),
      ['*'],
      'ECS pulls the image with ecr:GetAuthorizationToken, which has no resource-level permissions; the ' +
        'layer download actions are scoped to the asset repository by CDK.',
    );
    acknowledge(
      this.taskDefinition,
      'AwsSolutions-ECS2',
      'The container environment holds only non-secret configuration (table, bucket, model ids, secret ARN); ' +
        'the Slack tokens are injected from Secrets Manager by ECS, never written into the task definition.',
    );
  }

  get taskRole() {
    return this.taskDefinition.taskRole;
  }
}
