import type { SQSClient } from '@aws-sdk/client-sqs';
import { AwsLambdaReceiver } from '@slack/bolt';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { createServices, createSlackApp, type SlackConnection } from '../app.js';
import { ConfigError } from '../config.js';
import type { Job } from '../jobs.js';
import { toBoltLogger } from '../log.js';
import { type CloudRuntime, loadCloudRuntime } from './cloud-runtime.js';
import { once } from './once.js';
import { createSqsClient, createSqsWorkQueue } from './sqs-work-queue.js';

export type IngressHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

export interface IngressDeps extends CloudRuntime {
  sqs: SQSClient;
}

/**
 * API Gateway (HTTP API, payload v2) → Bolt's AwsLambdaReceiver: verifies the Slack signature, answers
 * url_verification, dedupes on event_id and runs the same thin handlers as the server, whose queue here is
 * SQS. Nothing slow runs in this function, so Slack gets its answer well inside 3 s.
 */
export function createIngressHandler(deps: IngressDeps): IngressHandler {
  const { config, logger } = deps;
  const boltHandler = once(async () => {
    const queueUrl = config.cloud.queueUrl;
    if (queueUrl === undefined) throw new ConfigError(['STRATA_QUEUE_URL: required by the ingress function']);
    const secrets = await deps.secrets.get();
    // The full configuration: HTTP mode with production defaults, now that the credentials are known.
    const full = deps.withSlack(secrets);
    const slack: SlackConnection = {
      token: secrets.botToken,
      signingSecret: secrets.signingSecret,
      apiUrl: full.slack.apiUrl,
    };
    const receiver = new AwsLambdaReceiver({
      signingSecret: secrets.signingSecret,
      logger: toBoltLogger(logger),
    });
    const queue = createSqsWorkQueue<Job>({ client: deps.sqs, queueUrl, logger });
    createSlackApp({ slack, receiver, queue, services: createServices(full, slack, logger) });
    return receiver.start();
  });

  return async (event, context) => {
    let handle: Awaited<ReturnType<typeof boltHandler>>;
    try {
      handle = await boltHandler();
    } catch (error) {
      logger.error({ err: error }, 'ingress could not start; Slack will retry the request');
      return { statusCode: 503, body: '' };
    }
    const response = await handle(utf8Body(event), context);
    return { ...response, headers: stringHeaders(response.headers) };
  };
}

/**
 * API Gateway base64-encodes some bodies (form posts). Bolt decodes them as ASCII, which would garble
 * non-ASCII text and break the signature check, so the body is decoded here as UTF-8 first.
 */
export function utf8Body(event: APIGatewayProxyEventV2): APIGatewayProxyEventV2 {
  if (!event.isBase64Encoded || event.body === undefined) return event;
  return { ...event, isBase64Encoded: false, body: Buffer.from(event.body, 'base64').toString('utf8') };
}

function stringHeaders(
  headers: Record<string, boolean | number | string> | undefined,
): Record<string, string> | undefined {
  if (headers === undefined) return undefined;
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, String(value)]));
}

const defaultHandler = once(async () => {
  const runtime = loadCloudRuntime();
  return createIngressHandler({ ...runtime, sqs: createSqsClient({ region: runtime.config.aws.region }) });
});

/** The Lambda entry point (see infra/lib/ingress.ts). */
export const handler: IngressHandler = async (event, context) => (await defaultHandler())(event, context);
