import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postAsPerson } from '../../src/local/slack/people-actions.js';
import { eventually, startTestStrata, type TestStrata } from '../helpers/local-strata.js';
import { messagesShownTo } from './stored-state.js';

/** Bob is in #general and #random, not in the private #leadership (Alice and the admin are). */
const ALICE = 'U0ALICE';
const BOB = 'U0BOB';
const GENERAL = 'C0GENERAL';
const RANDOM = 'C0RANDOM';
const LEADERS = 'G0LEADERS';
const SECRET = '$1.2M';

let local: TestStrata;
let budgetTs: string;

function history(user: string, channel: string, text: string): string {
  return postAsPerson(local.slack.workspace, { user, channel, text }).message.ts;
}

beforeAll(async () => {
  local = await startTestStrata({ STRATA_EMBEDDING_DIMENSIONS: '512' });
  history(BOB, RANDOM, 'Lunch order for Friday: tacos or pizza?');
  history(ALICE, RANDOM, 'The Q3 launch is planned for September 16 after QA signs off.');
  budgetTs = history(
    'U0ADMIN',
    LEADERS,
    `Confidential: the board approved the Q3 launch budget at ${SECRET}.`,
  );
  history(ALICE, LEADERS, 'Board budget approved for the Q3 launch: keep the budget number private.');
  for (const [name, id] of [
    ['#random', RANDOM],
    ['#leadership', LEADERS],
  ] as const) {
    await local.slack.runCommand({
      user: 'U0ADMIN',
      channel: GENERAL,
      command: '/bedrock',
      text: `index add ${name}`,
    });
    await eventually(
      async () =>
        local.slack.workspace
          .messages('D0ADMIN')
          .some((s) => s.message.text.startsWith(`:white_check_mark: <#${id}> is indexed`)),
      { timeoutMs: 20_000 },
    );
  }
});
afterAll(async () => {
  await local?.close();
});

const isFinal = (text: string) => text !== '_Thinking…_' && !text.endsWith('▍');

/** Runs `/ask` as `user` in #general; the answer arrives in the user's DM with Strata. */
async function ask(user: string, dm: string, text: string): Promise<string> {
  const latest = async () =>
    (await local.strata.app.client.conversations.history({ channel: dm, limit: 1 })).messages?.[0];
  const before = (await latest())?.ts ?? '0';
  await local.slack.runCommand({ user, channel: GENERAL, command: '/ask', text });
  return eventually(
    async () => {
      const asked = await latest();
      if (!asked?.ts || asked.ts === before) return undefined;
      const [, reply] = await local.thread(dm, asked.ts);
      return reply && isFinal(reply.text) ? reply.text : undefined;
    },
    { timeoutMs: 15_000 },
  );
}

/** Everything the local Bedrock received from request `from` on: prompts and embedding inputs. */
const sentToBedrock = (from: number) =>
  local.bedrock.requests
    .slice(from)
    .map((r) => JSON.stringify(r.body))
    .join('\n');

describe('answers from the history of a private channel one is not in', () => {
  it('`/ask … in #leadership` from a non-member is refused before anything is searched or sent', async () => {
    const from = local.bedrock.requests.length;
    const answer = await ask(BOB, 'D0BOB', 'what budget did the board approve? in #leadership');

    expect(answer).toContain("I can't search #leadership");
    expect(answer).not.toContain(SECRET);
    expect(sentToBedrock(from)).not.toContain(SECRET);
  });

  it('a plain `/ask` whose best matches are in #leadership shows nothing of them', async () => {
    const from = local.bedrock.requests.length;
    const answer = await ask(BOB, 'D0BOB', 'what budget did the board approve for the Q3 launch?');

    expect(answer).not.toContain(SECRET);
    expect(answer).not.toContain('#leadership');
    expect(answer).not.toContain(`/archives/${LEADERS}/`);
    expect(sentToBedrock(from)).not.toContain('Confidential');
    expect(sentToBedrock(from)).not.toContain('keep the budget number private');
    expect(messagesShownTo(local, BOB).join('\n')).not.toContain(SECRET);
  });

  it('a member asking in a channel the others can read gets no #leadership source there either', async () => {
    const from = local.bedrock.requests.length;
    const { ts } = await local.slack.postAsUser({
      user: ALICE,
      channel: RANDOM,
      text: '<@U0STRATA> what budget did the board approve for the Q3 launch?',
    });
    const reply = await eventually(async () => {
      const [, answer] = await local.thread(RANDOM, ts);
      return answer && isFinal(answer.text) ? answer.text : undefined;
    });

    expect(reply).not.toContain(SECRET);
    expect(sentToBedrock(from)).not.toContain('Confidential');
    // The same question in Alice's DM does use #leadership: the refusals above are about who sees it.
    const privately = await ask(ALICE, 'D0ALICE', 'what budget did the board approve for the Q3 launch?');
    expect(privately).toContain(SECRET);
    expect(privately).toContain(`/archives/${LEADERS}/p${budgetTs.replace('.', '')}`);
  });
});

describe('files shared only in #leadership', () => {
  let fileId: string;
  let fileMessageTs: string;

  beforeAll(async () => {
    const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#336699' } })
      .png()
      .toBuffer();
    const shared = await local.slack.uploadFile({
      user: ALICE,
      channel: LEADERS,
      filename: 'org-chart.png',
      content: png,
    });
    fileId = shared.fileId;
    fileMessageTs = shared.ts;
  });

  const filesInfoFor = (id: string) =>
    local.slack.calls.filter((c) => c.method === 'files.info' && JSON.stringify(c.params).includes(id))
      .length;

  /** Image model calls (the index's embedding calls are InvokeModel too). */
  const imageCalls = () =>
    local.bedrock.requests.filter((r) => r.operation === 'invoke' && !r.modelId?.includes('embed')).length;

  async function mentionAndWait(text: string, expected: string) {
    await local.strata.queue.onIdle();
    const invokes = imageCalls();
    const lookups = filesInfoFor(fileId);
    await local.slack.postAsUser({ user: BOB, channel: GENERAL, text: `<@U0STRATA> ${text}` });
    const shown = await eventually(async () => {
      const all = messagesShownTo(local, BOB).filter((m) => m.includes(expected));
      return all.length > 0 ? all : undefined;
    });
    await local.strata.queue.onIdle();
    return {
      shown,
      newImageCalls: imageCalls() - invokes,
      newLookups: filesInfoFor(fileId) - lookups,
    };
  }

  it('an image edit naming the file by its link is refused, and the file is never looked up', async () => {
    const link = `<https://strata-local.slack.com/files/${ALICE}/${fileId}/org-chart.png|org-chart.png>`;
    const outcome = await mentionAndWait(
      `upscale ${link}`,
      'I can only edit images shared in this thread; share that file here first.',
    );

    expect(outcome.newImageCalls).toBe(0);
    expect(outcome.newLookups).toBe(0);
  });

  it('an image edit naming the #leadership message by its permalink is refused', async () => {
    const link = `<https://strata-local.slack.com/archives/${LEADERS}/p${fileMessageTs.replace('.', '')}>`;
    const outcome = await mentionAndWait(
      `remove the background of the image in ${link}`,
      'That link points to another conversation.',
    );

    expect(outcome.newImageCalls).toBe(0);
    expect(outcome.newLookups).toBe(0);
  });
});

describe('logs of everything above', () => {
  it('never hold the bot token or the signing secret', () => {
    const logs = local.logs.join('\n');
    expect(logs.length).toBeGreaterThan(1000);
    expect(logs).not.toContain(local.credentials.botToken);
    expect(logs).not.toContain(local.credentials.signingSecret);
  });
});
