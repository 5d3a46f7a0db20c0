import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type { IRole } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { ecommerceAgent } from '../../src/agents/ecommerce/ecommerce-agent.js';
import { configVariableNames } from '../../src/config.js';
import { AuditTrail } from './audit-trail.js';
import {
  grantAgentInvoke,
  grantControlPlane,
  grantCustomModelInvoke,
  grantModelInvoke,
} from './bedrock-access.js';
import type { ArnScope } from './bedrock-arns.js';
import { agentAliasArn } from './bedrock-arns.js';
import { CustomizationRole } from './customization-role.js';
import { BUCKET_PREFIXES, StrataData } from './data.js';
import { type ActionGroupHandler, EcommerceAgent } from './ecommerce-agent.js';
import { StrataIngress } from './ingress.js';
import { InvocationLogging } from './invocation-logging.js';
import { StrataNetwork } from './network.js';
import { StrataObservability } from './observability.js';
import {
  mergeOperatorEnvironment,
  ORDERS_TABLE_VARIABLE,
  runtimeEnvironment,
} from './runtime-environment.js';
import { SlackCredentials } from './slack-credentials.js';
import { SocketModeService } from './socket-mode-service.js';
import { SettingsError, type StrataSettings } from './stack-settings.js';
import { grantStoreAccess } from './store-access.js';

/** Where the ecommerce agent's action-group code lives (written in `src/agents/ecommerce/`). */
export const DEFAULT_AGENT_HANDLERS: Readonly<Record<string, ActionGroupHandler>> = {
  orders: { entry: 'src/agents/ecommerce/lambda.ts', handler: 'handler' },
};

export interface StrataStackProps extends StackProps {
  /** Deployment parameters (see `stack-settings.ts` and the README's deployment guide). */
  readonly settings: StrataSettings;
  /** Action-group code per executor key of the agent definition. */
  readonly agentHandlers?: Readonly<Record<string, ActionGroupHandler>>;
}

/**
 * Strata in one stack: stores, secret, network, Slack entry (Lambda ingress + worker, or a Socket Mode
 * service), least-privilege Bedrock access, the ecommerce agent, and monitoring.
 */
export class StrataStack extends Stack {
  readonly data: StrataData;
  readonly network?: StrataNetwork;
  /** Lambda mode: HTTP API, ingress and worker. */
  readonly ingress?: StrataIngress;
  /** Socket mode: the Fargate service. */
  readonly socketMode?: SocketModeService;
  readonly agent?: EcommerceAgent;
  readonly observability: StrataObservability;

  constructor(scope: Construct, id: string, props: StrataStackProps) {
    super(scope, id, props);
    const s = props.settings;
    const removalPolicy = s.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    const logRetention = s.logRetentionDays as RetentionDays;
    const arnScope: ArnScope = { partition: this.partition, region: this.region, account: this.account };

    this.data = new StrataData(this, 'Data', {
      imageRetentionDays: s.imageRetentionDays,
      noncurrentVersionDays: 30,
      removalPolicy,
    });
    const { key, table, bucket } = this.data;
    const slack = new SlackCredentials(this, 'SlackCredentials', {
      key,
      removalPolicy,
      ...(s.slackSecretArn ? { existingSecretArn: s.slackSecretArn } : {}),
    });
    if (s.vpc) {
      this.network = new StrataNetwork(this, 'Network', {
        natGateways: s.natGateways,
        maxAzs: s.maxAzs,
        key,
        logRetention,
      });
    }
    const network = this.network
      ? { vpc: this.network.vpc, securityGroup: this.network.workloadSecurityGroup }
      : undefined;

    if (s.agent) {
      this.agent = new EcommerceAgent(this, 'EcommerceAgent', {
        definition: ecommerceAgent,
        ...(s.agentModel ? { foundationModel: s.agentModel } : {}),
        handlers: props.agentHandlers ?? DEFAULT_AGENT_HANDLERS,
        ordersTableVariable: ORDERS_TABLE_VARIABLE,
        key,
        logRetention,
        ...(network ? { network } : {}),
        removalPolicy,
        arnScope,
      });
    }

    const customization = new CustomizationRole(this, 'Customization', {
      bucket,
      key,
      trainingPrefix: BUCKET_PREFIXES.training,
      outputPrefix: BUCKET_PREFIXES.customizationOutput,
    });
    const wired = runtimeEnvironment({
      tableName: table.tableName,
      bucketName: bucket.bucketName,
      keyArn: key.keyArn,
      slackSecretArn: slack.secret.secretArn,
      metricsNamespace: s.metricsNamespace,
      logLevel: s.logLevel,
      chatModel: s.chatModel,
      embeddingModel: s.embeddingModel,
      imageModel: s.imageModel,
      vectorUri: this.data.vectorIndexUri,
      finetuneRoleArn: customization.role.roleArn,
      admins: s.admins,
      ...(this.agent
        ? { agent: { agentId: this.agent.agent.attrAgentId, aliasId: this.agent.alias.attrAgentAliasId } }
        : {}),
    });
    const environment = mergeOperatorEnvironment(wired, s.environment, configVariableNames);
    const modelIds = [s.chatModel, s.embeddingModel, s.imageModel, ...s.extraModels];
    // Roles that run jobs (invoke models and the agent) and roles that run `/bedrock` admin subcommands.
    let jobRunners: IRole[];
    let adminRunners: IRole[];
    if (s.mode === 'socket') {
      if (!network) throw new SettingsError('strata:mode=socket runs on Fargate and needs strata:vpc=true');
      this.socketMode = new SocketModeService(this, 'SocketMode', {
        vpc: network.vpc,
        securityGroup: network.securityGroup,
        key,
        slackSecret: slack.secret,
        environment,
        logRetention,
        desiredCount: s.socketTasks,
        cpu: 1024,
        memoryLimitMiB: 2048,
      });
      const taskRole = this.socketMode.taskRole;
      grantStoreAccess(taskRole, { key, table, bucket, slackSecret: slack.secret });
      jobRunners = [taskRole];
      adminRunners = [taskRole];
    } else {
      this.ingress = new StrataIngress(this, 'Ingress', {
        key,
        table,
        bucket,
        slackSecret: slack.secret,
        environment,
        ...(network ? { network } : {}),
        logRetention,
        workerTimeout: Duration.seconds(s.workerTimeoutSeconds),
        workerMemorySize: s.workerMemoryMb,
        workerBatchSize: s.workerBatchSize,
        workerMaxConcurrency: s.workerMaxConcurrency,
        maxReceiveCount: s.maxReceiveCount,
        throttle: { rateLimit: s.apiRateLimit, burstLimit: s.apiBurstLimit },
      });
      jobRunners = [this.ingress.worker.role];
      // `/bedrock` admin subcommands answer inline in the ingress; jobs that follow up run in the worker.
      adminRunners = [this.ingress.ingress.role, this.ingress.worker.role];
    }

    const agentAliases = [
      ...(this.agent
        ? [agentAliasArn(arnScope, this.agent.agent.attrAgentId, this.agent.alias.attrAgentAliasId)]
        : []),
      ...s.extraAgentAliasArns,
    ];
    for (const role of jobRunners) {
      grantModelInvoke(role, modelIds, arnScope);
      if (s.customModelInvoke) grantCustomModelInvoke(role, arnScope);
      if (agentAliases.length > 0) grantAgentInvoke(role, agentAliases);
    }
    for (const role of adminRunners) {
      grantControlPlane(role, {
        customizationRole: customization.role,
        customizationBaseModelIds: s.customizationBaseModels,
        key,
        scope: arnScope,
      });
    }

    if (s.invocationLogging !== 'off') {
      new InvocationLogging(this, 'InvocationLogging', {
        destination: s.invocationLogging,
        key,
        bucket,
        prefix: BUCKET_PREFIXES.invocationLogs,
        logRetention,
      });
    }
    if (s.auditTrail) {
      new AuditTrail(this, 'AuditTrail', {
        key,
        accessLogs: this.data.accessLogs,
        dataEventTypes: s.bedrockDataEvents,
        retentionDays: 365,
        removalPolicy,
      });
    }

    const functions: Record<string, IFunction> = {};
    if (this.ingress) {
      functions.ingress = this.ingress.ingress.fn;
      functions.worker = this.ingress.worker.fn;
    }
    for (const [name, fn] of Object.entries(this.agent?.functions ?? {})) functions[`agent-${name}`] = fn.fn;
    this.observability = new StrataObservability(this, 'Monitoring', {
      key,
      ...(s.alarmEmail ? { alarmEmail: s.alarmEmail } : {}),
      modelIds: [
        ...new Set([...modelIds, ...(this.agent ? [s.agentModel ?? ecommerceAgent.foundationModel] : [])]),
      ],
      functions,
      ...(this.ingress
        ? {
            ingress: this.ingress.ingress.fn,
            jobs: { queue: this.ingress.queue, deadLetters: this.ingress.deadLetters },
            api: this.ingress.api,
          }
        : {}),
      ...(this.socketMode ? { service: this.socketMode.service } : {}),
      metricsNamespace: s.metricsNamespace,
      thresholds: {
        bedrockThrottles: 1,
        bedrockServerErrors: 1,
        bedrockLatencyP90Ms: 30_000,
        ingressDurationP99Ms: 2500,
        queueAgeSeconds: 120,
      },
    });

    if (this.ingress) {
      new CfnOutput(this, 'SlackRequestUrl', {
        value: this.ingress.eventsUrl,
        description:
          'Put this in the Slack manifest: event_subscriptions, interactivity and every slash command',
      });
    }
    new CfnOutput(this, 'SlackSecretArn', {
      value: slack.secret.secretArn,
      description: 'Write {"botToken":"xoxb-…","signingSecret":"…"} here after deploying',
    });
    new CfnOutput(this, 'CustomizationRoleArn', { value: customization.role.roleArn });
    new CfnOutput(this, 'BlobBucket', { value: bucket.bucketName });
    new CfnOutput(this, 'DashboardName', { value: this.observability.dashboard.dashboardName });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.observability.topic.topicArn });
    if (this.agent) {
      new CfnOutput(this, 'AgentId', { value: this.agent.agent.attrAgentId });
      new CfnOutput(this, 'AgentAliasId', { value: this.agent.alias.attrAgentAliasId });
      new CfnOutput(this, 'OrdersTable', { value: this.agent.ordersTable.tableName });
    }
  }
}
