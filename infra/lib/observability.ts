import { Duration } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  Metric,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { FargateService } from 'aws-cdk-lib/aws-ecs';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { JOB_DIMENSIONS, JOB_DURATION_METRIC } from '../../src/cloud/metrics.js';

export interface AlarmThresholds {
  /** InvocationThrottles per model in 5 minutes. */
  readonly bedrockThrottles: number;
  /** InvocationServerErrors per model in 5 minutes. */
  readonly bedrockServerErrors: number;
  /** p90 InvocationLatency per model (ms), 3 periods of 5 minutes in a row. */
  readonly bedrockLatencyP90Ms: number;
  /** p99 ingress duration (ms); Slack gives up at 3000. */
  readonly ingressDurationP99Ms: number;
  /** Age of the oldest queued job (s): the worker is falling behind. */
  readonly queueAgeSeconds: number;
}

export interface StrataObservabilityProps {
  readonly key: IKey;
  /** Subscribed to the alarm topic when set (the address confirms by email). */
  readonly alarmEmail?: string;
  /** ModelId dimension values in AWS/Bedrock: the ids Strata calls. */
  readonly modelIds: readonly string[];
  /** Every function to watch, by a short name (ingress, worker, the agent's action groups). */
  readonly functions: Readonly<Record<string, IFunction>>;
  /** The function that must answer Slack within 3 s (Lambda mode). */
  readonly ingress?: IFunction;
  /** The job queue and its dead-letter queue (Lambda mode). */
  readonly jobs?: { readonly queue: IQueue; readonly deadLetters: IQueue };
  /** Slack's entry point (Lambda mode). */
  readonly api?: HttpApi;
  /** The Socket Mode service (socket mode). */
  readonly service?: FargateService;
  /** Namespace of Strata's own EMF metrics (STRATA_METRICS_NAMESPACE). */
  readonly metricsNamespace: string;
  readonly thresholds: AlarmThresholds;
}

const FIVE_MINUTES = Duration.minutes(5);

/**
 * One dashboard (Bedrock per model, Strata's job metrics, functions, queue, API) and alarms for throttles,
 * errors, latency, the dead-letter queue and queue age, all notifying one KMS-encrypted SNS topic.
 */
export class StrataObservability extends Construct {
  readonly topic: Topic;
  readonly dashboard: Dashboard;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: StrataObservabilityProps) {
    super(scope, id);
    const { thresholds: t } = props;
    this.topic = new Topic(this, 'Alarms', {
      displayName: 'Strata alarms',
      masterKey: props.key,
      enforceSSL: true,
    });
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
    const action = new SnsAction(this.topic);
    const alarm = (name: string, description: string, options: AlarmOptions) => {
      const created = new Alarm(this, name, {
        alarmDescription: description,
        metric: options.metric,
        threshold: options.threshold,
        evaluationPeriods: options.periods ?? 1,
        comparisonOperator: options.comparison ?? ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      created.addAlarmAction(action);
      created.addOkAction(action);
      this.alarms.push(created);
    };

    // Alarms take the plain metric (a label would turn it into metric math); graphs get a label.
    const bedrock = (metricName: string, modelId: string, statistic: string, label?: string) =>
      new Metric({
        namespace: 'AWS/Bedrock',
        metricName,
        dimensionsMap: { ModelId: modelId },
        statistic,
        period: FIVE_MINUTES,
        ...(label ? { label } : {}),
      });
    props.modelIds.forEach((modelId, i) => {
      alarm(
        `BedrockThrottles${i}`,
        `Bedrock throttles ${modelId}: raise the quota or add cross-region inference`,
        {
          metric: bedrock('InvocationThrottles', modelId, 'Sum'),
          threshold: t.bedrockThrottles,
        },
      );
      alarm(`BedrockServerErrors${i}`, `Bedrock server errors for ${modelId}`, {
        metric: bedrock('InvocationServerErrors', modelId, 'Sum'),
        threshold: t.bedrockServerErrors,
      });
      alarm(`BedrockLatency${i}`, `Bedrock p90 latency of ${modelId} over ${t.bedrockLatencyP90Ms} ms`, {
        metric: bedrock('InvocationLatency', modelId, 'p90'),
        threshold: t.bedrockLatencyP90Ms,
        periods: 3,
        comparison: ComparisonOperator.GREATER_THAN_THRESHOLD,
      });
    });

    const functions = props.functions;
    for (const [name, fn] of Object.entries(functions)) {
      alarm(`${name}Errors`, `The ${name} function failed (see its log group)`, {
        metric: fn.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' }),
        threshold: 1,
      });
    }
    if (props.ingress) {
      alarm('IngressSlow', `Ingress p99 over ${t.ingressDurationP99Ms} ms: Slack retries after 3 s`, {
        metric: props.ingress.metricDuration({ period: FIVE_MINUTES, statistic: 'p99' }),
        threshold: t.ingressDurationP99Ms,
        comparison: ComparisonOperator.GREATER_THAN_THRESHOLD,
      });
    }
    if (props.jobs) {
      alarm('DeadLetters', 'Jobs failed every delivery and wait in the dead-letter queue', {
        metric: props.jobs.deadLetters.metricApproximateNumberOfMessagesVisible({
          period: FIVE_MINUTES,
          statistic: 'Maximum',
        }),
        threshold: 1,
      });
      alarm('QueueAge', `Jobs wait over ${t.queueAgeSeconds} s: the worker is falling behind`, {
        metric: props.jobs.queue.metricApproximateAgeOfOldestMessage({
          period: FIVE_MINUTES,
          statistic: 'Maximum',
        }),
        threshold: t.queueAgeSeconds,
        comparison: ComparisonOperator.GREATER_THAN_THRESHOLD,
      });
    }
    if (props.api) {
      alarm('ApiServerErrors', 'API Gateway answered Slack with 5xx', {
        metric: props.api.metricServerError({ period: FIVE_MINUTES, statistic: 'Sum' }),
        threshold: 1,
      });
    }
    if (props.service) {
      alarm('ServiceCpu', 'The Socket Mode service is CPU-bound: add tasks or CPU', {
        metric: props.service.metricCpuUtilization({ period: FIVE_MINUTES, statistic: 'Average' }),
        threshold: 85,
        periods: 3,
        comparison: ComparisonOperator.GREATER_THAN_THRESHOLD,
      });
      alarm('ServiceMemory', 'The Socket Mode service is close to its memory limit', {
        metric: props.service.metricMemoryUtilization({ period: FIVE_MINUTES, statistic: 'Maximum' }),
        threshold: 90,
        comparison: ComparisonOperator.GREATER_THAN_THRESHOLD,
      });
    }

    this.dashboard = new Dashboard(this, 'Dashboard', { defaultInterval: Duration.hours(6) });
    const perModel = (metricName: string, statistic: string) =>
      props.modelIds.map((m) => bedrock(metricName, m, statistic, `${m} ${metricName} ${statistic}`));
    const jobs = (statistic: string, label: string) =>
      new MathExpression({
        expression: `SEARCH('{${props.metricsNamespace},${JOB_DIMENSIONS.join(',')}} MetricName="${JOB_DURATION_METRIC}"', '${statistic}', 300)`,
        usingMetrics: {},
        label,
        period: FIVE_MINUTES,
      });
    const graph = (title: string, left: IMetric[], right: IMetric[] = []) =>
      new GraphWidget({ title, left, right, width: 8, height: 6 });
    const fnList = Object.entries(functions);

    this.dashboard.addWidgets(
      new TextWidget({
        markdown:
          '# Strata\nBedrock per configured model, Strata jobs (EMF), functions, the job queue and the Slack API. ' +
          'Alarms go to the SNS topic `' +
          this.topic.topicName +
          '`.',
        width: 24,
        height: 2,
      }),
    );
    this.dashboard.addWidgets(
      graph('Bedrock invocations', perModel('Invocations', 'Sum')),
      graph('Bedrock latency p50 / p90 (ms)', [
        ...perModel('InvocationLatency', 'p50'),
        ...perModel('InvocationLatency', 'p90'),
      ]),
      graph(
        'Bedrock tokens in / out',
        perModel('InputTokenCount', 'Sum'),
        perModel('OutputTokenCount', 'Sum'),
      ),
    );
    this.dashboard.addWidgets(
      graph('Bedrock throttles', perModel('InvocationThrottles', 'Sum')),
      graph('Bedrock client errors (4xx)', perModel('InvocationClientErrors', 'Sum')),
      graph('Bedrock server errors (5xx)', perModel('InvocationServerErrors', 'Sum')),
    );
    const { jobs: queues, api, service } = props;
    this.dashboard.addWidgets(
      graph('Strata jobs by kind and outcome', [jobs('SampleCount', 'jobs')]),
      graph('Strata job duration p90 (ms)', [jobs('p90', 'p90')]),
      queues
        ? graph(
            'Job queue',
            [
              queues.queue.metricApproximateNumberOfMessagesVisible({
                period: FIVE_MINUTES,
                label: 'waiting',
              }),
              queues.deadLetters.metricApproximateNumberOfMessagesVisible({
                period: FIVE_MINUTES,
                label: 'dead letters',
              }),
            ],
            [queues.queue.metricApproximateAgeOfOldestMessage({ period: FIVE_MINUTES, label: 'oldest (s)' })],
          )
        : graph(
            'Socket Mode service CPU / memory (%)',
            service ? [service.metricCpuUtilization({ period: FIVE_MINUTES, label: 'CPU' })] : [],
            service ? [service.metricMemoryUtilization({ period: FIVE_MINUTES, label: 'memory' })] : [],
          ),
    );
    this.dashboard.addWidgets(
      graph(
        'Function invocations / errors',
        fnList.map(([n, fn]) => fn.metricInvocations({ period: FIVE_MINUTES, label: `${n} invocations` })),
        fnList.map(([n, fn]) => fn.metricErrors({ period: FIVE_MINUTES, label: `${n} errors` })),
      ),
      graph(
        'Function duration p99 (ms) / throttles',
        fnList.map(([n, fn]) =>
          fn.metricDuration({ period: FIVE_MINUTES, statistic: 'p99', label: `${n} p99` }),
        ),
        fnList.map(([n, fn]) => fn.metricThrottles({ period: FIVE_MINUTES, label: `${n} throttles` })),
      ),
      ...(api
        ? [
            graph(
              'Slack → API Gateway',
              [
                api.metricCount({ period: FIVE_MINUTES, label: 'requests' }),
                api.metricClientError({ period: FIVE_MINUTES, label: '4xx' }),
                api.metricServerError({ period: FIVE_MINUTES, label: '5xx' }),
              ],
              [api.metricLatency({ period: FIVE_MINUTES, statistic: 'p99', label: 'latency p99 (ms)' })],
            ),
          ]
        : []),
    );
  }
}

interface AlarmOptions {
  metric: IMetric;
  threshold: number;
  periods?: number;
  comparison?: ComparisonOperator;
}
