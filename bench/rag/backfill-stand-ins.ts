/**
 * What a backfill talks to: the Slack emulator with one seeded channel, the local Bedrock endpoint (Titan
 * stand-in) and DynamoDB (dynalite), in a process of their own, driven over IPC by
 * bench/rag/backfill-bench.ts. Strata's backfill runs alone in bench/rag/backfill-strata.ts, as in AWS,
 * where Slack, Bedrock and DynamoDB are remote.
 */
import { randomBytes } from 'node:crypto';
import { startLocalBedrock } from '../../src/local/bedrock/bedrock-server.js';
import { startLocalDynamo } from '../../src/local/dynamo-server.js';
import { postAsPerson } from '../../src/local/slack/people-actions.js';
import { startSlackEmulator } from '../../src/local/slack/slack-emulator.js';
import { createLogger } from '../../src/log.js';
import { generateMessage, pick, seededRandom, TOPICS } from '../../src/rag/demo/message-generator.js';
import { ensureTable } from '../../src/store/ensure-table.js';
import { createDynamoClient } from '../../src/store/table.js';
import type { BackfillScenario, StandInsReply, StandInsRequest } from './backfill-messages.js';

const CHANNEL = 'C0RANDOM';
const TABLE = 'bench';
const REGION = 'us-east-1';

const scenario = JSON.parse(process.argv[2] ?? '{}') as BackfillScenario;
const dynamo = await startLocalDynamo();
const bedrock = await startLocalBedrock({ logger: createLogger({ level: 'silent' }) });
const botToken = `xoxb-bench-${randomBytes(6).toString('hex')}`;
const slack = await startSlackEmulator({
  signingSecret: 'bench',
  botToken,
  rateLimits: scenario.slackLimits,
});
Object.assign(process.env, {
  AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
  AWS_REGION: REGION,
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
});
await ensureTable({ client: createDynamoClient({ region: REGION }), tableName: TABLE });
const seeded = seed(slack.workspace, scenario);

const reply = (message: StandInsReply) => process.send?.(message);
process.on('disconnect', () => process.exit(1));
let cpuBefore = process.cpuUsage();
process.on('message', async (request: StandInsRequest) => {
  switch (request.type) {
    case 'mark':
      cpuBefore = process.cpuUsage();
      reply({ type: 'marked' });
      break;
    case 'calls': {
      const cpu = process.cpuUsage(cpuBefore);
      reply({
        type: 'calls',
        calls: countBy(slack.calls.map((c) => c.method)),
        rateLimited: { ...slack.rateLimited },
        cpuMs: Math.round((cpu.user + cpu.system) / 1000),
      });
      break;
    }
    case 'close':
      await slack.close();
      await bedrock.close();
      await dynamo.close();
      reply({ type: 'closed' });
      process.exit(0);
  }
});
reply({
  type: 'ready',
  endpoints: { dynamodb: dynamo.endpoint, bedrockRuntime: bedrock.endpoint, region: REGION },
  botToken,
  apiUrl: slack.apiUrl,
  tableName: TABLE,
  channel: CHANNEL,
  ...seeded,
});

/** Top-level messages in one channel; `threadRatio` of them start a thread of three replies. */
function seed(
  workspace: Parameters<typeof postAsPerson>[0],
  { messages: wanted, threadRatio }: BackfillScenario,
) {
  const random = seededRandom(99);
  const people = ['U0ALICE', 'U0BOB', 'U0ADMIN'];
  let messages = 0;
  let threads = 0;
  while (messages < wanted) {
    const topic = pick(random, TOPICS);
    const parent = postAsPerson(workspace, {
      user: pick(random, people),
      channel: CHANNEL,
      text: generateMessage(random, topic),
    });
    messages += 1;
    if (random() < threadRatio) {
      threads += 1;
      for (let r = 0; r < 3 && messages < wanted; r++) {
        postAsPerson(workspace, {
          user: pick(random, people),
          channel: CHANNEL,
          text: generateMessage(random, topic),
          thread_ts: parent.message.ts,
        });
        messages += 1;
      }
    }
  }
  return { messages, threads };
}

function countBy(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}
