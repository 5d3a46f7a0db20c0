import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { HttpApi, HttpMethod, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { ISecurityGroup, IVpc } from 'aws-cdk-lib/aws-ec2';
import { Rule, RuleTargetInput, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { FINETUNE_WATCH_JOB } from '../../src/admin/finetune-watch-job.js';
import { MAX_JOB_BYTES } from '../../src/cloud/sqs-work-queue.js';
import { acknowledge } from './acknowledge.js';
import { grantStoreAccess } from './store-access.js';
import { StrataFunction } from './strata-function.js';

export interface StrataIngressProps {
  readonly key: IKey;
  readonly table: ITable;
  readonly bucket: IBucket;
  readonly slackSecret: ISecret;
  /** Configuration both functions share (table, bucket, models, agent …), as Strata's env variables. */
  readonly environment: Record<string, string>;
  readonly network?: { readonly vpc: IVpc; readonly securityGroup: ISecurityGroup };
  readonly logRetention: RetentionDays;
  /** Longest a job may run: a streamed reply, an image, a SQL answer. Lambda's ceiling is 15 minutes. */
  readonly workerTimeout: Duration;
  readonly workerMemorySize: number;
  /** Jobs per worker invocation; they run concurrently and fail independently. */
  readonly workerBatchSize: number;
  /** Concurrent worker invocations at most: a ceiling on parallel Bedrock calls. */
  readonly workerMaxConcurrency: number;
  /** Deliveries of a failing job before it moves to the dead-letter queue. */
  readonly maxReceiveCount: number;
  /** Requests per second API Gateway lets through (steady, burst). */
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
  /** How often the worker checks running fine-tune jobs and posts the finished ones. Default 5 minutes. */
  readonly fineTuneWatchInterval?: Duration;
}

/**
 * Slack → HTTP API → ingress function (verify, dedupe, ack, enqueue) → SQS (KMS, TLS only, dead-letter
 * queue) → worker function (runs the job, streams the reply, reports failures per message).
 */
export class StrataIngress extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly ingress: StrataFunction;
  readonly worker: StrataFunction;
  readonly queue: Queue;
  readonly deadLetters: Queue;
  /** Invokes the worker with the fine-tune watch job on a schedule (the server polls on a timer instead). */
  readonly fineTuneWatch: Rule;
  /** Where Slack sends events, commands and interactivity: the manifest's request_url. */
  readonly eventsUrl: string;

  constructor(scope: Construct, id: string, props: StrataIngressProps) {
    super(scope, id);
    const { key, table, bucket, slackSecret } = props;

    this.deadLetters = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.queue = new Queue(this, 'Jobs', {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: key,
      dataKeyReuse: Duration.hours(1),
      enforceSSL: true,
      maxMessageSizeBytes: MAX_JOB_BYTES,
      // Longer than a worker can run, with room for Lambda's own retries of a throttled batch.
      visibilityTimeout: Duration.seconds(props.workerTimeout.toSeconds() * 6),
      retentionPeriod: Duration.days(1),
      deadLetterQueue: { queue: this.deadLetters, maxReceiveCount: props.maxReceiveCount },
    });

    const common = {
      key,
      logRetention: props.logRetention,
      ...(props.network ? { network: props.network } : {}),
    };
    this.ingress = new StrataFunction(this, 'Ingress', {
      ...common,
      entry: 'src/cloud/lambda-ingress.ts',
      nativePackages: 'stub',
      description: 'Strata ingress: verifies Slack requests, acks within 3 s, enqueues the work',
      memorySize: 1024,
      timeout: Duration.seconds(10),
      environment: { ...props.environment, STRATA_QUEUE_URL: this.queue.queueUrl },
    });
    this.worker = new StrataFunction(this, 'Worker', {
      ...common,
      entry: 'src/cloud/lambda-worker.ts',
      nativePackages: 'ship',
      description: 'Strata worker: runs queued jobs and streams replies into Slack',
      memorySize: props.workerMemorySize,
      timeout: props.workerTimeout,
      // Jobs start follow-up jobs (an index backfill after `/bedrock index add`).
      environment: { ...props.environment, STRATA_QUEUE_URL: this.queue.queueUrl },
    });

    const access = { key, table, slackSecret };
    grantStoreAccess(this.ingress.role, access);
    grantStoreAccess(this.worker.role, { ...access, bucket });
    this.queue.grant(this.ingress.role, 'sqs:SendMessage');
    this.queue.grant(this.worker.role, 'sqs:SendMessage');
    this.worker.fn.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: props.workerBatchSize,
        reportBatchItemFailures: true,
        maxConcurrency: props.workerMaxConcurrency,
      }),
    );

    // The worker itself is the target: Lambda's resource policy then names this rule's ARN, where a KMS-encrypted
    // queue as target would need a key policy open to every EventBridge rule of the account.
    this.fineTuneWatch = new Rule(this, 'FineTuneWatch', {
      description: 'Strata: check running fine-tune jobs and post the finished ones in their admin threads',
      schedule: Schedule.rate(props.fineTuneWatchInterval ?? Duration.minutes(5)),
      targets: [
        new LambdaFunction(this.worker.fn, {
          event: RuleTargetInput.fromObject(FINETUNE_WATCH_JOB),
          // A missed check is made up by the next one.
          retryAttempts: 0,
          maxEventAge: Duration.minutes(5),
        }),
      ],
    });

    const accessLogs = new LogGroup(this, 'ApiAccessLogs', {
      encryptionKey: key,
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.api = new HttpApi(this, 'Api', {
      description: 'Strata: Slack Events API, slash commands and interactivity',
      createDefaultStage: false,
    });
    this.stage = new HttpStage(this, 'Stage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle,
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs) },
    });
    const [route] = this.api.addRoutes({
      path: '/slack/events',
      methods: [HttpMethod.POST],
      integration: new HttpLambdaIntegration('Ingress', this.ingress.fn),
    });
    if (route) {
      acknowledge(
        route,
        'AwsSolutions-APIG4',
        'Slack cannot present IAM, Cognito or JWT credentials. Every request is authenticated in the function ' +
          'by its Slack v0 signature (HMAC-SHA256 with the signing secret, 5-minute window) before anything runs.',
      );
    }
    this.eventsUrl = `${this.stage.url}slack/events`;
  }
}
