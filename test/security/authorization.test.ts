import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FINETUNE_DEPLOY_ACTION,
  FINETUNE_STOP_ACTION,
  FINETUNE_USE_ACTION,
} from '../../src/admin/views/finetune-messages.js';
import { FINETUNE_CHOOSE_CALLBACK, FINETUNE_CREATE_CALLBACK } from '../../src/admin/views/finetune-modal.js';
import { encodeControls } from '../../src/chat/reply-controls.js';
import { SETTINGS_VIEW } from '../../src/chat/settings-view.js';
import {
  createBedrockSubcommands,
  type SubcommandDeps,
} from '../../src/handlers/commands/bedrock-registry.js';
import { stateValues } from '../../src/local/slack/interactivity/view-state.js';
import { postAsPerson } from '../../src/local/slack/people-actions.js';
import { storedReturns } from '../helpers/local-shop.js';
import { eventually, startTestStrata, type TestStrata } from '../helpers/local-strata.js';
import {
  buttonValue,
  type Shown,
  startAgentSession,
  threadOf,
  waitForAgent,
  withButton,
} from './agent-threads.js';
import { submitForgedView } from './signed-payloads.js';
import { controlPlaneWrites, scanTable, writesBetween } from './stored-state.js';

const ADMIN = 'U0ADMIN';
const ALICE = 'U0ALICE';
const BOB = 'U0BOB';
const GENERAL = 'C0GENERAL';
const LEADERS = 'G0LEADERS';

/** The real `/bedrock` registry; building it only names the subcommands, nothing is called. */
const registry = createBedrockSubcommands({
  rag: {},
  adminTools: {},
} as unknown as SubcommandDeps);
const adminSubcommands = [...registry].filter(([, s]) => s.adminOnly).map(([name]) => name);

/** Arguments an admin would give to change something; a subcommand added later is tried without. */
const CHANGING_ARGS: Record<string, string> = {
  index: 'add #random',
  finetune: 'stop local-job-0001',
  usage: 'month',
  audit: '20',
  access: 'block',
  budget: `<@${BOB}> daily 99999999`,
};

let local: TestStrata;

beforeAll(async () => {
  local = await startTestStrata();
});
afterAll(async () => {
  await local?.close();
});

const allMessages = () =>
  local.slack.workspace.channels.flatMap((c) => local.slack.workspace.messages(c.id)).length;

/** Runs a refused action and returns what it wrote and showed, once all queued work is done. */
/** Runs `act` and reports what it wrote, once the `audits` audit entries expected are in (some follow the ack). */
async function attempt<T>(act: () => Promise<T>, audits = 0) {
  const before = await scanTable();
  const messages = allMessages();
  const control = controlPlaneWrites(local);
  const modelCalls = local.bedrock.requests.length;
  const result = await act();
  await local.strata.queue.onIdle();
  const writes = await eventually(async () => {
    const written = writesBetween(before, await scanTable());
    return written.audit.length >= audits ? written : undefined;
  });
  return {
    result,
    ...writes,
    newMessages: allMessages() - messages,
    controlWrites: controlPlaneWrites(local) - control,
    modelCalls: local.bedrock.requests.length - modelCalls,
  };
}

const lastEphemeral = (user: string, channel: string, after: number) =>
  eventually(async () => local.slack.ephemerals(user, channel).slice(after).at(-1));

describe('admin /bedrock subcommands from someone who is not an admin', () => {
  it('cover every admin subcommand of the registry', () => {
    expect(adminSubcommands).toEqual(expect.arrayContaining(Object.keys(CHANGING_ARGS)));
  });

  it.each(adminSubcommands)(
    '`/bedrock %s` is refused, audited as denied, and changes nothing',
    async (name) => {
      const args = CHANGING_ARGS[name] ?? '';
      const seen = local.slack.ephemerals(BOB, GENERAL).length;

      const outcome = await attempt(async () => {
        await local.slack.runCommand({
          user: BOB,
          channel: GENERAL,
          command: '/bedrock',
          text: `${name} ${args}`,
        });
        return lastEphemeral(BOB, GENERAL, seen);
      }, 1);

      expect(outcome.result.text).toBe(
        `:lock: \`/bedrock ${name}\` is for Strata admins only. Ask an admin if you need it.`,
      );
      expect(outcome.changed).toEqual([]);
      expect(outcome.audit).toEqual([
        expect.objectContaining({
          actor: BOB,
          action: `bedrock ${name}`,
          channel: GENERAL,
          outcome: 'denied',
        }),
      ]);
      expect(outcome.newMessages).toBe(1);
      expect(outcome.controlWrites).toBe(0);
      expect(outcome.modelCalls).toBe(0);
    },
  );

  it('is refused again by the worker when such a job reaches the queue without the handler', async () => {
    const seen = local.slack.ephemerals(BOB, GENERAL).length;
    const outcome = await attempt(async () => {
      await local.strata.queue.enqueue({
        kind: 'bedrock-command',
        name: 'access',
        args: 'block',
        command: { user_id: BOB, channel_id: GENERAL, trigger_id: 'forged', response_url: '' },
      });
      return lastEphemeral(BOB, GENERAL, seen);
    }, 1);
    expect(outcome.result.text).toContain('`/bedrock access` is for Strata admins only');
    expect(outcome.changed).toEqual([]);
    expect(outcome.audit).toEqual([expect.objectContaining({ actor: BOB, outcome: 'denied' })]);
  });
});

describe('admin buttons and modals from someone who is not an admin', () => {
  it.each([
    [
      FINETUNE_STOP_ACTION,
      'arn:aws:bedrock:us-east-1:000000000000:model-customization-job/local-job-0001',
      'finetune.stop',
    ],
    [
      FINETUNE_USE_ACTION,
      'arn:aws:bedrock:us-east-1:000000000000:custom-model/local-model-1',
      'settings.channel-model',
    ],
    [
      FINETUNE_DEPLOY_ACTION,
      'arn:aws:bedrock:us-east-1:000000000000:custom-model/local-model-1',
      'finetune.deploy',
    ],
  ])('%s on a job message in a shared channel is refused and audited', async (actionId, value, audited) => {
    // A fine-tune message an admin's command left in #general, where everyone can press its buttons.
    const { ts = '' } = await local.strata.app.client.chat.postMessage({
      channel: GENERAL,
      text: 'Fine-tune job',
      blocks: [
        {
          type: 'actions',
          elements: [
            { type: 'button', action_id: actionId, text: { type: 'plain_text', text: 'Go' }, value },
          ],
        },
      ],
    });
    const seen = local.slack.ephemerals(BOB, GENERAL).length;

    const outcome = await attempt(async () => {
      await local.slack.clickButton({ user: BOB, channel: GENERAL, messageTs: ts, actionId });
      return lastEphemeral(BOB, GENERAL, seen);
    }, 1);

    expect(outcome.result.text).toBe(':lock: Only Strata admins can do that.');
    expect(outcome.changed).toEqual([]);
    expect(outcome.audit).toEqual([
      expect.objectContaining({ actor: BOB, action: audited, channel: GENERAL, outcome: 'denied' }),
    ]);
    expect(outcome.controlWrites).toBe(0);
  });

  it.each([
    [FINETUNE_CHOOSE_CALLBACK, 'base_model'],
    [FINETUNE_CREATE_CALLBACK, 'model_name'],
  ])('a forged %s submission is answered with a form error and starts no job', async (callbackId, field) => {
    const outcome = await attempt(
      () => submitForgedView(local, { user: BOB, view: { callback_id: callbackId, private_metadata: '{}' } }),
      1,
    );

    expect(outcome.result.status).toBe(200);
    expect(JSON.parse(outcome.result.body)).toEqual({
      response_action: 'errors',
      errors: { [field]: 'Only Strata admins can fine-tune models.' },
    });
    expect(outcome.changed).toEqual([]);
    expect(outcome.audit).toEqual([
      expect.objectContaining({ actor: BOB, action: 'finetune.create', outcome: 'denied' }),
    ]);
    expect(outcome.controlWrites).toBe(0);
  });

  it('a settings form submitted for the channel scope is refused, audited, and saves nothing', async () => {
    // Only admins' forms offer the channel scope: take an admin's form and submit it as Bob.
    await local.slack.runCommand({ user: ADMIN, channel: GENERAL, command: '/bedrock', text: 'settings' });
    const opened = await eventually(async () => local.slack.openViews(ADMIN).at(-1));
    const view = opened.view as { blocks: Array<Record<string, unknown>>; private_metadata: string };
    expect(JSON.stringify(view)).toContain('Everyone in this channel');
    const values = stateValues(view.blocks, { scope: { value: 'channel' }, maxTokens: { value: '7' } });

    const outcome = await attempt(
      () =>
        submitForgedView(local, {
          user: BOB,
          view: { ...view, callback_id: SETTINGS_VIEW, state: { values } },
        }),
      1,
    );

    expect(JSON.parse(outcome.result.body)).toEqual({
      response_action: 'errors',
      errors: { scope: 'Only Strata admins can change a channel’s settings.' },
    });
    expect(outcome.changed).toEqual([]);
    expect(outcome.audit).toEqual([
      expect.objectContaining({ actor: BOB, action: 'settings.update', channel: GENERAL, outcome: 'denied' }),
    ]);
    await local.slack.closeView({ user: ADMIN, viewId: opened.id });
  });
});

describe('agent actions of someone else', () => {
  it('Bob cannot confirm or deny Alice’s pending return; nothing is stored until Alice confirms', async () => {
    const ts = await startAgentSession(local, ALICE, GENERAL, 'return the headphones from order 1042');
    const card = withButton(
      await waitForAgent(local, GENERAL, ts, /strata_agent_confirm/),
      'strata_agent_confirm',
    );
    const seen = local.slack.ephemerals(BOB, GENERAL).length;

    for (const actionId of ['strata_agent_confirm', 'strata_agent_deny']) {
      await local.slack.clickButton({ user: BOB, channel: GENERAL, messageTs: card.ts, actionId });
    }
    const refusals = await eventually(async () => {
      const shown = local.slack.ephemerals(BOB, GENERAL).slice(seen);
      return shown.length >= 2 ? shown.map((e) => e.text) : undefined;
    });
    await local.strata.queue.onIdle();

    expect(refusals).toEqual([
      'Only <@U0ALICE>, who asked, can confirm or deny this change.',
      'Only <@U0ALICE>, who asked, can confirm or deny this change.',
    ]);
    expect(await storedReturns('1042')).toHaveLength(0);
    expect(local.agentRuntime.calls.filter((c) => c.function === 'createReturn')).toHaveLength(0);

    await local.slack.clickButton({
      user: ALICE,
      channel: GENERAL,
      messageTs: card.ts,
      actionId: 'strata_agent_confirm',
    });
    await waitForAgent(local, GENERAL, ts, /Done: return R-1042-HP-200 is created/);
    expect(await storedReturns('1042')).toEqual([expect.objectContaining({ requestedBy: { S: ALICE } })]);
  });
});

describe('buttons whose value names another conversation', () => {
  it('an agent Confirm or Show steps carrying a #leadership session is refused in #general', async () => {
    const aliceTs = await startAgentSession(local, ALICE, LEADERS, 'please cancel order 1044');
    const aliceCard = withButton(
      await waitForAgent(local, LEADERS, aliceTs, /strata_agent_confirm/),
      'strata_agent_confirm',
    );
    const forged = buttonValue(aliceCard, 'strata_agent_confirm');
    const bobTs = await startAgentSession(local, BOB, GENERAL, 'please cancel order 1045');
    const bobCard = withButton(
      await waitForAgent(local, GENERAL, bobTs, /strata_agent_confirm/),
      'strata_agent_confirm',
    );
    const seen = local.slack.ephemerals(BOB, GENERAL).length;

    await local.slack.clickButton({
      user: BOB,
      channel: GENERAL,
      messageTs: bobCard.ts,
      actionId: 'strata_agent_confirm',
      value: forged,
    });
    const refusal = await lastEphemeral(BOB, GENERAL, seen);
    await local.strata.queue.onIdle();

    expect(refusal.text).toContain('doesn’t belong to an agent session in this conversation');
    expect(local.agentRuntime.calls.filter((c) => c.function === 'cancelOrder')).toHaveLength(0);

    const aliceSteps = buttonValue(
      withButton(await threadOf(local, LEADERS, aliceTs), 'strata_agent_steps'),
      'strata_agent_steps',
    );
    await local.slack.clickButton({
      user: BOB,
      channel: GENERAL,
      messageTs: withButton(await threadOf(local, GENERAL, bobTs), 'strata_agent_steps').ts,
      actionId: 'strata_agent_steps',
      value: aliceSteps,
    });
    const stepsRefusal = await lastEphemeral(BOB, GENERAL, seen + 1);
    expect(stepsRefusal.text).toContain('doesn’t belong to an agent session in this conversation');
    expect(local.slack.ephemerals(BOB).some((e) => e.text.includes('1044'))).toBe(false);
    expect((await threadOf(local, LEADERS, aliceTs)).find((m) => m.ts === aliceCard.ts)?.blocks).toContain(
      'strata_agent_confirm',
    );
  });

  it('Regenerate carrying a #leadership thread is refused, and nothing is posted there', async () => {
    const leadersTs = postAsPerson(local.slack.workspace, {
      user: ALICE,
      channel: LEADERS,
      text: 'Board notes',
    }).message.ts;
    local.bedrock.script({ chunks: ['Blue.'] });
    const { ts } = await local.slack.postAsUser({
      user: BOB,
      channel: GENERAL,
      text: '<@U0STRATA> pick a color',
    });
    const reply = await eventually(async () =>
      (await local.thread(GENERAL, ts)).find((m) => m.bot_id !== undefined && m.text === 'Blue.'),
    );
    const seen = local.slack.ephemerals(BOB, GENERAL).length;

    const outcome = await attempt(async () => {
      await local.slack.clickButton({
        user: BOB,
        channel: GENERAL,
        messageTs: reply.ts,
        actionId: 'strata_reply_regenerate',
        value: encodeControls({
          channel: LEADERS,
          threadTs: leadersTs,
          messageTs: leadersTs,
          requester: BOB,
        }),
      });
      return lastEphemeral(BOB, GENERAL, seen);
    });

    expect(outcome.result.text).toBe(
      ':no_entry: That button belongs to a reply in another conversation, so nothing was done.',
    );
    expect(outcome.modelCalls).toBe(0);
    expect(await local.thread(LEADERS, leadersTs)).toHaveLength(1);
  });

  it('an image button carrying a #leadership image id is refused, and no image is made', async () => {
    await local.slack.runCommand({ user: ALICE, channel: LEADERS, command: '/image', text: 'a secret logo' });
    const aliceImage = await imageMessage(LEADERS, 'a secret logo');
    await local.slack.runCommand({ user: BOB, channel: GENERAL, command: '/image', text: 'a red kite' });
    const bobImage = await imageMessage(GENERAL, 'a red kite');
    const seen = local.slack.ephemerals(BOB, GENERAL).length;

    const outcome = await attempt(async () => {
      await local.slack.clickButton({
        user: BOB,
        channel: GENERAL,
        messageTs: bobImage.ts,
        actionId: 'image_variations',
        value: buttonValue(aliceImage, 'image_variations'),
      });
      return lastEphemeral(BOB, GENERAL, seen);
    });

    expect(outcome.result.text).toContain('That image belongs to another conversation.');
    expect(outcome.modelCalls).toBe(0);
    expect(outcome.newMessages).toBe(1);
  });

  it('SQL “Run on sample” carrying a #leadership query id runs nothing and posts nothing there', async () => {
    await local.slack.runCommand({
      user: ALICE,
      channel: LEADERS,
      command: '/sql',
      text: 'how many customers?',
    });
    const aliceCard = await sqlCard(LEADERS, 'how many customers?');
    await local.slack.runCommand({ user: BOB, channel: GENERAL, command: '/sql', text: 'how many orders?' });
    const bobCard = await sqlCard(GENERAL, 'how many orders?');
    const seen = local.slack.ephemerals(BOB, GENERAL).length;

    const outcome = await attempt(async () => {
      await local.slack.clickButton({
        user: BOB,
        channel: GENERAL,
        messageTs: bobCard.ts,
        actionId: 'sql_run_sample',
        value: buttonValue(aliceCard, 'sql_run_sample'),
      });
      return lastEphemeral(BOB, GENERAL, seen);
    });

    expect(outcome.result.text).toContain('That query is no longer available');
    expect(outcome.newMessages).toBe(1);
    expect(outcome.changed).toEqual([]);
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

/** The first message with an image and buttons in the thread Strata opened for an `/image` prompt. */
async function imageMessage(channel: string, prompt: string): Promise<Shown> {
  return eventually(
    async () => {
      const { messages = [] } = await local.strata.app.client.conversations.history({ channel, limit: 50 });
      const parent = messages.find((m) => m.bot_id !== undefined && m.text?.includes(prompt));
      if (parent?.ts === undefined) return undefined;
      return (await threadOf(local, channel, parent.ts)).find((m) => m.blocks.includes('image_variations'));
    },
    { timeoutMs: 20_000 },
  );
}

/** The card with the SQL buttons in the thread Strata opened for a `/sql` question. */
async function sqlCard(channel: string, question: string): Promise<Shown> {
  return eventually(
    async () => {
      const { messages = [] } = await local.strata.app.client.conversations.history({ channel, limit: 50 });
      const parent = messages.find((m) => m.bot_id !== undefined && m.text?.includes(question));
      if (parent?.ts === undefined) return undefined;
      return (await threadOf(local, channel, parent.ts)).find((m) => m.blocks.includes('sql_run_sample'));
    },
    { timeoutMs: 20_000 },
  );
}
