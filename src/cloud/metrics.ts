import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

export type JobOutcome = 'succeeded' | 'failed';

/** What the worker reports per job; CloudWatch reads it from the function's log (Embedded Metric Format). */
export interface JobMetrics {
  jobFinished(kind: string, outcome: JobOutcome, durationMs: number): void;
}

/** The metric name, dimensions and namespace the CDK dashboard queries. */
export const JOB_DURATION_METRIC = 'JobDuration';
export const JOB_DIMENSIONS = ['service', 'JobKind', 'Outcome'] as const;

/**
 * One EMF line per finished job: `JobDuration` (ms) with dimensions JobKind and Outcome, so the
 * SampleCount statistic is the number of jobs per kind and outcome. Written to stdout by Powertools.
 */
export function createEmfJobMetrics(options: { namespace: string; serviceName?: string }): JobMetrics {
  const metrics = new Metrics({ namespace: options.namespace, serviceName: options.serviceName ?? 'strata' });
  return {
    jobFinished(kind, outcome, durationMs) {
      const single = metrics.singleMetric();
      single.addDimensions({ JobKind: kind, Outcome: outcome });
      single.addMetric(JOB_DURATION_METRIC, MetricUnit.Milliseconds, Math.max(0, durationMs));
    },
  };
}
