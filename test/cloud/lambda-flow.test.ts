import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIngressHandler, handler as ingressHandler } from '../../src/cloud/lambda-ingress.js';
import { handler as workerHandler } from '../../src/cloud/lambda-worker.js';
import { createSqsClient } from '../../src/cloud/sqs-work-queue.js';
import { loadConfig, loadConfigWithSlackCredentials } from '../../src/config.js';
import { type LocalBedrock, startLocalBedrock } from '../../src/local/bedrock/bedrock-server.js';
import { createLocalEngine } from '../../src/local/bedrock/local-engine.js';
import { type LocalServer, startLocalDynamo } from '../../src/local/dynamo-server.js';
import { type SlackEmulator, startSlackEmulator } from '../../src/local/slack/slack-emulator.js';
import { createLogger } from '../../src/log.js';
import { signRequest } from '../../src/slack/signature.js';
import { ensureTable } from '../../src/store/ensure-table.js';
import { createDynamoClient } from '../../src/store/table.js';
import { eventually } from '../helpers/local-strata.js';
import {
  type ApiGatewayStandIn,
  lambdaContext,
  startApiGatewayStandIn,
} from './helpers/api-gateway-stand-in.js';
import { type FakeSecretsManager, startFakeSecretsManager } from './helpers/fake-secrets-manager.js';
import { type FakeSqs, startFakeSqs } from './helpers/fake-sqs.js';

const BOT = 'U0STRATA';
const GENERAL = 'C0GENERAL';
const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:strata/slack-AbCdEf';
const signingSecret = randomBytes(32).toString('hex');
const botToken = `xoxb-cloud-${randomBytes(8).toString('hex')}`;

let dynamo: LocalServer;
let bedrock: LocalBedrock;
let sqs: FakeSqs;
let secretsManager: FakeSecretsManager;
let slack: SlackEmulator;
let api: ApiGatewayStandIn;
const dataDir = mkdtempSync(join(tmpdir(), 'strata-cloud-'));

beforeAll(async () => {
  dynamo = await startLocalDynamo();
  bedrock = await startLocalBedrock({ engine: createLocalEngine({ chunkDelayMs: 0 }) });
  sqs = await startFakeSqs();
  secretsManager = await startFakeSecretsManager();
  slack = await startSlackEmulator({ signingSecret, botToken, eventRetryDelaysMs: [] });
  secretsManager.put(SECRET_ARN, JSON.stringify({ botToken, signingSecret }));

  // What the stack sets on the functions, plus the SDK's own endpoint variables for the stand-ins.
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test-access-key',
    AWS_SECRET_ACCESS_KEY: 'test-secret-key',
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_ENDPOINT_URL_BEDROCK_RUNTIME: bedrock.endpoint,
    AWS_ENDPOINT_URL_SQS: sqs.endpoint,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secretsManager.endpoint,
    STRATA_QUEUE_URL: sqs.queueUrl,
    STRATA_SLACK_SECRET_ARN: SECRET_ARN,
    STRATA_TABLE_NAME: 'strata-cloud',
    SLACK_API_URL: slack.apiUrl,
    STRATA_STREAM_IDLE_TIMEOUT_MS: '2000',
    LOG_LEVEL: 'silent',
    STRATA_DATA_DIR: dataDir,
    POWERTOOLS_METRICS_DISABLED: 'true',
  });
  await ensureTable({ client: createDynamoClient({ region: 'us-east-1' }), tableName: 'strata-cloud' });
  api = await startApiGatewayStandIn(ingressHandler);
  slack.setEventsUrl(api.url);
});

afterAll(async () => {
  await api?.close();
  await slack?.close();
  await secretsManager?.close();
  await sqs?.close();
  await bedrock?.close();
  await dynamo?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const isFinal = (text: string) => text !== '_Thinking…_' && !text.endsWith('▍');

async function thread(ts: string) {
  const client = (await import('@slack/web-api')).WebClient;
  const page = await new client(botToken, { slackApiUrl: slack.apiUrl }).conversations.replies({
    channel: GENERAL,
    ts,
  });
  return (page.messages ?? []).map((m) => ({ text: m.text ?? '', bot: m.bot_id !== undefined }));
}

function mentionEnvelope(eventId: string, ts: string, text: string) {
  return {
    token: 'legacy',
    team_id: 'T0LOCAL',
    api_app_id: 'A0STRATA',
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: 'T0LOCAL', user_id: BOT, is_bot: true, is_enterprise_install: false }],
    event: { type: 'app_mention', user: 'U0ALICE', text, ts, channel: GENERAL, event_ts: ts },
  };
}

describe('Strata on Lambda: API Gateway → ingress → SQS → worker', () => {
  it('acks a mention at once, queues the work, and the worker streams the answer into the thread', async () => {
    const queuedBefore = sqs.sent.length;
    const { ts, deliveries } = await slack.postAsUser({
      user: 'U0ALICE',
      channel: GENERAL,
      text: `<@${BOT}> what is Amazon Bedrock?`,
    });

    // app_mention (and message.channels, which Strata ignores), each acked with a 200.
    expect(deliveries.length).toBeGreaterThan(0);
    expect(deliveries.every((d) => d.status === 200)).toBe(true);
    const queued = sqs.sent.slice(queuedBefore).map((m) => JSON.parse(m.body) as { kind: string });
    expect(queued.filter((job) => job.kind === 'chat')).toEqual([
      expect.objectContaining({
        kind: 'chat',
        channel: GENERAL,
        threadTs: ts,
        text: `<@${BOT}> what is Amazon Bedrock?`,
      }),
    ]);
    // The ingress only enqueued: nobody has answered yet.
    expect((await thread(ts)).filter((m) => m.bot)).toEqual([]);

    const response = await workerHandler(sqs.drain());

    expect(response.batchItemFailures).toEqual([]);
    const messages = await eventually(async () => {
      const all = await thread(ts);
      const bot = all.filter((m) => m.bot);
      return bot.length === 1 && bot.every((m) => isFinal(m.text)) ? all : undefined;
    });
    expect(messages[1]?.text).toMatch(/Bedrock/);
    expect(bedrock.requests.at(-1)?.body).toMatchObject({
      messages: [{ role: 'user', content: [{ text: 'what is Amazon Bedrock?' }] }],
    });
  });

  it("acks Slack's retries of an event but queues its work only once", async () => {
    const queuedBefore = sqs.sent.filter((m) => m.body.includes('"kind":"chat"')).length;
    const envelope = mentionEnvelope(
      `Ev${randomBytes(6).toString('hex')}`,
      '1700000000.000100',
      `<@${BOT}> hi`,
    );

    const first = await slack.deliver(envelope);
    const retry = await slack.deliver(envelope, { retryNum: 1, retryReason: 'http_timeout' });

    expect([first.status, retry.status]).toEqual([200, 200]);
    expect(sqs.sent.filter((m) => m.body.includes('"kind":"chat"')).length - queuedBefore).toBe(1);
    sqs.drain();
  });

  it('refuses a request with a forged signature and queues nothing', async () => {
    const queuedBefore = sqs.sent.length;
    const forged = await slack.deliver(mentionEnvelope('EvForged1', '1700000000.000200', `<@${BOT}> hi`), {
      signingSecret: 'not-the-secret',
    });

    expect(forged.status).toBe(401);
    expect(sqs.sent.length).toBe(queuedBefore);
  });

  it("answers Slack's url_verification challenge", async () => {
    const answer = await slack.deliver({ type: 'url_verification', token: 'legacy', challenge: 'c-123' });

    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ challenge: 'c-123' });
  });

  it('answers a slash command posted as a form, which API Gateway base64-encodes, with its ephemeral reply', async () => {
    const said: unknown[] = [];
    const responseUrl = await listen((body) => said.push(JSON.parse(body)));
    const form = new URLSearchParams({
      token: 'legacy',
      team_id: 'T0LOCAL',
      team_domain: 'local',
      channel_id: GENERAL,
      channel_name: 'general',
      user_id: 'U0ALICE',
      user_name: 'alice',
      command: '/bedrock',
      text: 'héllo wörld ✓',
      api_app_id: 'A0STRATA',
      response_url: responseUrl.url,
      trigger_id: '123.456.abc',
    }).toString();
    const timestamp = Math.floor(Date.now() / 1000);

    const response = await fetch(api.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': signRequest(signingSecret, timestamp, form),
      },
      body: form,
    });
    responseUrl.server.close();

    expect(response.status).toBe(200);
    expect(said).toEqual([
      expect.objectContaining({ response_type: 'ephemeral', text: expect.stringContaining('héllo') }),
    ]);
  });
  it('checks the signature over the UTF-8 text Slack signed when API Gateway hands the body over base64', async () => {
    const queuedBefore = sqs.sent.length;
    const body = JSON.stringify(
      mentionEnvelope('EvUtf8', '1700000000.000300', `<@${BOT}> ¿qué tal? — 日本語`),
    );
    const timestamp = Math.floor(Date.now() / 1000);

    const response = await ingressHandler(
      {
        version: '2.0',
        routeKey: 'POST /slack/events',
        rawPath: '/slack/events',
        rawQueryString: '',
        headers: {
          'content-type': 'application/json',
          'x-slack-request-timestamp': String(timestamp),
          'x-slack-signature': signRequest(signingSecret, timestamp, body),
        },
        body: Buffer.from(body, 'utf8').toString('base64'),
        isBase64Encoded: true,
        requestContext: {} as never,
      },
      lambdaContext('ingress'),
    );

    expect(response.statusCode).toBe(200);
    expect(JSON.parse(sqs.sent.slice(queuedBefore)[0]?.body ?? '{}').text).toBe(
      `<@${BOT}> ¿qué tal? — 日本語`,
    );
    sqs.drain();
  });
});

describe('an ingress cold start that cannot read its secret', () => {
  it('answers 503 so Slack retries, and starts normally once the secret is readable', async () => {
    let available = false;
    const env = { ...process.env, STRATA_QUEUE_URL: sqs.queueUrl };
    const handler = createIngressHandler({
      config: loadConfig(env),
      withSlack: (credentials) => loadConfigWithSlackCredentials(credentials, env),
      logger: createLogger({ level: 'silent' }),
      sqs: createSqsClient({ region: 'us-east-1' }),
      secrets: {
        get: async () => {
          if (!available) throw new Error('AccessDeniedException');
          return { botToken, signingSecret };
        },
      },
    });
    const event = {
      version: '2.0',
      routeKey: 'POST /slack/events',
      rawPath: '/slack/events',
      rawQueryString: '',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ssl_check: 1 }),
      isBase64Encoded: false,
      requestContext: {} as never,
    };

    expect((await handler(event, lambdaContext('ingress'))).statusCode).toBe(503);
    available = true;
    expect((await handler(event, lambdaContext('ingress'))).statusCode).toBe(200);
  });
});

/** A response_url endpoint: records what Strata posts to it. */
async function listen(onBody: (body: string) => void): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      onBody(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/response`, server };
}
