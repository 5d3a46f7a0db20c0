import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { EmfOutput, MetricUnit as Unit } from '@aws-lambda-powertools/metrics/types';
import type { Logger } from './log.js';

/** How a model call ended, as usage and metrics count it. */
export type CallOutcome = 'ok' | 'error' | 'throttled' | 'stopped';

/** One model call any feature made (chat, sql, images, agents, rag), as it is recorded for usage. */
export interface ModelCall {
  user: string;
  channel: string;
  /** e.g. chat, sql, image, agent, ask */
  feature: string;
  modelId: string;
  inputTokens: number;
  outputTokens: number;
  latencyMs: number;
  outcome: CallOutcome;
  imagesGenerated?: number;
  /** StrataError code when the call failed. */
  errorCode?: string;
}

/** Every feature hands each finished model call to this; it stores usage, emits metrics and checks budgets. */
export interface UsageRecorder {
  record(call: ModelCall): Promise<void>;
}

export const METRICS_NAMESPACE = 'Strata';

/** A CloudWatch Embedded Metric Format document: one JSON log line CloudWatch turns into metrics. */
export type EmfDocument = EmfOutput;

/** CloudWatch metrics as EMF log lines, namespace `Strata`, dimensions model and feature. One function per family. */
export interface StrataMetrics {
  /** InputTokens, OutputTokens, ImagesGenerated (Count), with user and channel as searchable properties. */
  usage(
    call: Pick<
      ModelCall,
      'modelId' | 'feature' | 'inputTokens' | 'outputTokens' | 'imagesGenerated' | 'user' | 'channel'
    >,
  ): void;
  /** Latency (Milliseconds) of one call, first request byte to last response byte. */
  latency(call: Pick<ModelCall, 'modelId' | 'feature' | 'latencyMs'>): void;
  /** Invocations, and Errors / Throttles / Stopped (Count) for calls that did not end ok. */
  outcome(call: Pick<ModelCall, 'modelId' | 'feature' | 'outcome'>): void;
}

export function createEmfMetrics(options: {
  emit: (document: EmfDocument) => void;
  now?: () => number;
  namespace?: string;
  logger?: Logger;
}): StrataMetrics {
  const now = options.now ?? Date.now;
  const metrics = new Metrics({
    namespace: options.namespace ?? METRICS_NAMESPACE,
    serviceName: 'strata',
    ...(options.logger ? { logger: powertoolsLogger(options.logger) } : {}),
  });
  metrics.clearDefaultDimensions();

  /** Builds and emits one document; synchronous, so concurrent callers never mix their values. */
  const emitOne = (
    dimensions: { model: string; feature: string },
    values: Array<[name: string, unit: Unit, value: number]>,
    properties: Record<string, string> = {},
  ) => {
    try {
      metrics.setTimestamp(now());
      metrics.addDimensions(dimensions);
      for (const [name, unit, value] of values) metrics.addMetric(name, unit, value);
      for (const [key, value] of Object.entries(properties)) metrics.addMetadata(key, value);
      options.emit(metrics.serializeMetrics());
    } finally {
      metrics.clearMetrics();
      metrics.clearDimensions();
      metrics.clearMetadata();
    }
  };

  return {
    usage(call) {
      emitOne(
        { model: call.modelId, feature: call.feature },
        [
          ['InputTokens', MetricUnit.Count, call.inputTokens],
          ['OutputTokens', MetricUnit.Count, call.outputTokens],
          ...(call.imagesGenerated
            ? [['ImagesGenerated', MetricUnit.Count, call.imagesGenerated] as [string, Unit, number]]
            : []),
        ],
        { user: call.user, channel: call.channel },
      );
    },
    latency(call) {
      emitOne({ model: call.modelId, feature: call.feature }, [
        ['Latency', MetricUnit.Milliseconds, call.latencyMs],
      ]);
    },
    outcome(call) {
      const failure =
        call.outcome === 'error'
          ? 'Errors'
          : call.outcome === 'throttled'
            ? 'Throttles'
            : call.outcome === 'stopped'
              ? 'Stopped'
              : undefined;
      emitOne({ model: call.modelId, feature: call.feature }, [
        ['Invocations', MetricUnit.Count, 1],
        ...(failure ? [[failure, MetricUnit.Count, 1] as [string, Unit, number]] : []),
      ]);
    },
  };
}

/** EMF documents written as JSON lines through Strata's logger, so they share one stream (stdout → CloudWatch Logs). */
export function emfThroughLogger(logger: Logger): (document: EmfDocument) => void {
  const metricsLog = logger.child({ component: 'metrics' });
  return (document) => metricsLog.info(document, 'emf');
}

function powertoolsLogger(logger: Logger) {
  const child = logger.child({ component: 'powertools-metrics' });
  const line = (content: unknown[]) =>
    content.map((c) => (typeof c === 'string' ? c : JSON.stringify(c))).join(' ');
  return {
    debug: (...content: unknown[]) => child.debug(line(content)),
    info: (...content: unknown[]) => child.info(line(content)),
    warn: (...content: unknown[]) => child.warn(line(content)),
    error: (...content: unknown[]) => child.error(line(content)),
  };
}
