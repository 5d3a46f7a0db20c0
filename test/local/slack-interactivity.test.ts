import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  App,
  type BlockButtonAction,
  HTTPReceiver,
  LogLevel,
  type SlashCommand,
  type ViewSubmitAction,
} from '@slack/bolt';
import { ErrorCode, type WebAPIPlatformError, WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SlackEmulator, startSlackEmulator } from '../../src/local/slack/slack-emulator.js';

const botToken = 'xoxb-interactivity-test';
const signingSecret = 'interactivity-secret';

let emulator: SlackEmulator;
let app: App;
let client: WebClient;
let clock: number;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function until<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function slackError(call: Promise<unknown>): Promise<string | undefined> {
  try {
    await call;
  } catch (error) {
    const platform = error as WebAPIPlatformError;
    if (platform.code === ErrorCode.PlatformError) return platform.data.error;
    throw error;
  }
  return undefined;
}

beforeEach(async () => {
  // Near real time: Bolt refuses signatures whose timestamp is more than 5 minutes old.
  clock = Date.now();
  emulator = await startSlackEmulator({ signingSecret, botToken, now: () => clock });
  const receiver = new HTTPReceiver({ signingSecret, endpoints: '/slack/events', logLevel: LogLevel.ERROR });
  app = new App({
    receiver,
    token: botToken,
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: emulator.apiUrl },
  });
  const port = await freePort();
  await app.start(port);
  emulator.setEventsUrl(`http://127.0.0.1:${port}/slack/events`);
  client = new WebClient(botToken, { slackApiUrl: emulator.apiUrl, retryConfig: { retries: 0 } });
});

afterEach(async () => {
  await app.stop();
  await emulator.close();
});

const approveBlocks = [
  { type: 'section', block_id: 'ask', text: { type: 'mrkdwn', text: 'Start the job?' } },
  {
    type: 'actions',
    block_id: 'choices',
    elements: [
      {
        type: 'button',
        action_id: 'approve',
        text: { type: 'plain_text', text: 'Start' },
        value: 'job-1',
        style: 'primary',
      },
      { type: 'button', action_id: 'cancel', text: { type: 'plain_text', text: 'Cancel' }, value: 'job-1' },
    ],
  },
];

describe('slash commands', () => {
  it('delivers the command to the Bolt listener, and respond() is shown only to the person who ran it', async () => {
    const received: SlashCommand[] = [];
    app.command('/ask', async ({ command, ack, respond }) => {
      await ack();
      received.push(command);
      await respond({ text: 'Only you can see this' });
    });

    const result = await emulator.runCommand({
      user: 'U0ALICE',
      channel: 'C0GENERAL',
      command: '/ask',
      text: 'what is Bedrock?',
    });

    expect(result.status).toBe(200);
    const [command] = received;
    expect(command).toMatchObject({
      command: '/ask',
      text: 'what is Bedrock?',
      user_id: 'U0ALICE',
      user_name: 'alice',
      channel_id: 'C0GENERAL',
      channel_name: 'general',
      team_id: 'T0LOCAL',
      api_app_id: 'A0STRATA',
    });
    expect(command?.response_url.startsWith(`${emulator.url}/response/`)).toBe(true);
    expect(command?.trigger_id).toMatch(/^\d+\.\d+\.[0-9a-f]+$/);
    const [shown] = await until(
      () => emulator.ephemerals('U0ALICE', 'C0GENERAL').length > 0 && emulator.ephemerals('U0ALICE'),
    );
    expect(shown).toMatchObject({ channel: 'C0GENERAL', text: 'Only you can see this' });
    expect(emulator.ephemerals('U0BOB')).toEqual([]);
    const history = await client.conversations.history({ channel: 'C0GENERAL' });
    expect(history.messages).toEqual([]);
  });

  it('shows the ack body of a command as an ephemeral message, as text or JSON', async () => {
    app.command('/plain', async ({ ack }) => ack('Working on it'));
    app.command('/rich', async ({ ack }) =>
      ack({ text: 'Pick one', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*Pick* one' } }] }),
    );

    await emulator.runCommand({ user: 'U0BOB', channel: 'C0RANDOM', command: '/plain', text: '' });
    await emulator.runCommand({ user: 'U0BOB', channel: 'C0RANDOM', command: '/rich', text: '' });

    expect(emulator.ephemerals('U0BOB', 'C0RANDOM')).toEqual([
      expect.objectContaining({ text: 'Working on it' }),
      expect.objectContaining({ text: 'Pick one', blocks: [expect.objectContaining({ type: 'section' })] }),
    ]);
  });

  it('posts a real message when the response is in_channel, in the thread the command came from', async () => {
    const { ts: parentTs } = await emulator.postAsUser({
      user: 'U0ALICE',
      channel: 'C0GENERAL',
      text: 'context',
    });
    app.command('/share', async ({ ack, respond }) => {
      await ack();
      await respond({ response_type: 'in_channel', text: 'Everyone sees this' });
    });

    await emulator.runCommand({
      user: 'U0ALICE',
      channel: 'C0GENERAL',
      command: '/share',
      text: '',
      thread_ts: parentTs,
    });

    const replies = await until(async () => {
      const page = await client.conversations.replies({ channel: 'C0GENERAL', ts: parentTs });
      return (page.messages?.length ?? 0) > 1 ? page.messages : undefined;
    });
    expect(replies).toEqual([
      expect.objectContaining({ text: 'context' }),
      expect.objectContaining({ text: 'Everyone sees this', bot_id: 'B0STRATA' }),
    ]);
  });

  it('answers a response_url five times, then used_url; an old one answers expired_url', async () => {
    const urls: string[] = [];
    app.command('/ask', async ({ command, ack }) => {
      urls.push(command.response_url);
      await ack();
    });
    await emulator.runCommand({ user: 'U0ALICE', channel: 'C0GENERAL', command: '/ask', text: '' });
    await emulator.runCommand({ user: 'U0ALICE', channel: 'C0GENERAL', command: '/ask', text: '' });
    const [first = '', second = ''] = urls;
    const post = (url: string, body: object) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });

    const statuses: number[] = [];
    for (let i = 1; i <= 6; i++) statuses.push((await post(first, { text: `reply ${i}` })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 404]);
    expect(await (await post(first, { text: 'again' })).text()).toBe('used_url');
    expect(emulator.ephemerals('U0ALICE').map((m) => m.text)).toEqual([
      'reply 1',
      'reply 2',
      'reply 3',
      'reply 4',
      'reply 5',
    ]);

    clock += 30 * 60_000 + 1;
    const late = await post(second, { text: 'too late' });
    expect(late.status).toBe(404);
    expect(await late.text()).toBe('expired_url');
  });

  it('refuses a command from someone outside the channel', async () => {
    await expect(
      emulator.runCommand({ user: 'U0BOB', channel: 'G0LEADERS', command: '/ask', text: '' }),
    ).rejects.toMatchObject({ code: 'channel_not_found' });
  });
});

describe('buttons', () => {
  it('sends block_actions to app.action, and replace_original replaces the message clicked', async () => {
    const { ts } = await client.chat.postMessage({
      channel: 'C0GENERAL',
      text: 'Start the job?',
      blocks: approveBlocks,
    });
    const bodies: BlockButtonAction[] = [];
    app.action<BlockButtonAction>('approve', async ({ ack, body, respond }) => {
      await ack();
      bodies.push(body);
      await respond({ replace_original: true, text: 'Started job-1' });
    });

    const result = await emulator.clickButton({
      user: 'U0BOB',
      channel: 'C0GENERAL',
      messageTs: ts ?? '',
      actionId: 'approve',
    });

    expect(result.status).toBe(200);
    const [body] = await until(() => bodies.length > 0 && bodies);
    expect(body).toMatchObject({
      type: 'block_actions',
      user: { id: 'U0BOB', username: 'bob' },
      channel: { id: 'C0GENERAL', name: 'general' },
      container: { type: 'message', message_ts: ts, channel_id: 'C0GENERAL', is_ephemeral: false },
      message: { ts, text: 'Start the job?' },
      actions: [
        {
          type: 'button',
          action_id: 'approve',
          block_id: 'choices',
          value: 'job-1',
          text: { text: 'Start' },
        },
      ],
    });
    const replaced = await until(async () => {
      const history = await client.conversations.history({ channel: 'C0GENERAL' });
      const message = history.messages?.[0];
      return message?.text === 'Started job-1' ? message : undefined;
    });
    expect(replaced.ts).toBe(ts);
    expect(replaced.blocks).toBeUndefined();
  });

  it('clicks a button on an ephemeral message (no message in the payload), with a chosen value', async () => {
    const { message_ts: ts } = await client.chat.postEphemeral({
      channel: 'C0GENERAL',
      user: 'U0ALICE',
      text: 'Start the job?',
      blocks: approveBlocks,
    });
    const bodies: BlockButtonAction[] = [];
    app.action<BlockButtonAction>('cancel', async ({ ack, body, respond }) => {
      await ack();
      bodies.push(body);
      await respond({ delete_original: true });
    });

    await emulator.clickButton({
      user: 'U0ALICE',
      channel: 'C0GENERAL',
      messageTs: ts ?? '',
      actionId: 'cancel',
      value: 'job-9',
    });

    const [body] = await until(() => bodies.length > 0 && bodies);
    expect(body?.container).toMatchObject({ is_ephemeral: true, message_ts: ts });
    expect(body?.message).toBeUndefined();
    expect(body?.actions[0]?.value).toBe('job-9');
    await until(() => emulator.ephemerals('U0ALICE').length === 0);
  });

  it('refuses a button that is not in the message, and a message the person cannot see', async () => {
    const { ts } = await client.chat.postMessage({ channel: 'C0GENERAL', text: 'x', blocks: approveBlocks });
    const { message_ts: privateTs } = await client.chat.postEphemeral({
      channel: 'C0GENERAL',
      user: 'U0ALICE',
      text: 'x',
      blocks: approveBlocks,
    });
    await expect(
      emulator.clickButton({ user: 'U0BOB', channel: 'C0GENERAL', messageTs: ts ?? '', actionId: 'nope' }),
    ).rejects.toMatchObject({ code: 'action_not_found' });
    await expect(
      emulator.clickButton({
        user: 'U0BOB',
        channel: 'C0GENERAL',
        messageTs: privateTs ?? '',
        actionId: 'approve',
      }),
    ).rejects.toMatchObject({ code: 'message_not_found' });
  });
});

const feedbackView = {
  type: 'modal' as const,
  callback_id: 'feedback',
  title: { type: 'plain_text' as const, text: 'Feedback' },
  submit: { type: 'plain_text' as const, text: 'Send' },
  close: { type: 'plain_text' as const, text: 'Cancel' },
  private_metadata: 'thread-42',
  blocks: [
    {
      type: 'input',
      block_id: 'comment',
      label: { type: 'plain_text', text: 'Comment' },
      element: { type: 'plain_text_input', action_id: 'text' },
    },
    {
      type: 'input',
      block_id: 'rating',
      label: { type: 'plain_text', text: 'Rating' },
      element: {
        type: 'static_select',
        action_id: 'choice',
        options: [
          { text: { type: 'plain_text', text: 'Good' }, value: 'good' },
          { text: { type: 'plain_text', text: 'Bad' }, value: 'bad' },
        ],
      },
    },
  ],
};

/** A /feedback command that opens the modal with its trigger_id; resolves to views.open's answer. */
function openFeedbackOn(command = '/feedback') {
  const opened: Array<Promise<unknown>> = [];
  app.command(command, async ({ ack, body, client: bolt }) => {
    await ack();
    opened.push(bolt.views.open({ trigger_id: body.trigger_id, view: feedbackView }));
  });
  return opened;
}

describe('modals', () => {
  it('opens a modal from a command trigger, shows validation errors, then closes on an empty ack', async () => {
    openFeedbackOn();
    const submissions: ViewSubmitAction[] = [];
    app.view<ViewSubmitAction>('feedback', async ({ ack, body }) => {
      submissions.push(body);
      const comment = body.view.state.values.comment?.text?.value ?? '';
      if (comment.length < 5) await ack({ response_action: 'errors', errors: { comment: 'Say a bit more' } });
      else await ack();
    });

    await emulator.runCommand({ user: 'U0ALICE', channel: 'C0GENERAL', command: '/feedback', text: '' });
    const [open] = await until(
      () => emulator.openViews('U0ALICE').length > 0 && emulator.openViews('U0ALICE'),
    );
    expect(open?.view).toMatchObject({ type: 'modal', callback_id: 'feedback', title: { text: 'Feedback' } });
    expect(emulator.openViews('U0BOB')).toEqual([]);

    await emulator.submitView({
      user: 'U0ALICE',
      viewId: open?.id ?? '',
      values: { comment: { text: 'meh' }, rating: { choice: 'bad' } },
    });
    expect(emulator.openViews('U0ALICE')).toEqual([
      expect.objectContaining({ errors: { comment: 'Say a bit more' } }),
    ]);
    expect(submissions[0]?.view).toMatchObject({
      id: open?.id,
      private_metadata: 'thread-42',
      state: {
        values: {
          comment: { text: { type: 'plain_text_input', value: 'meh' } },
          rating: {
            choice: { type: 'static_select', selected_option: { value: 'bad', text: { text: 'Bad' } } },
          },
        },
      },
    });

    await emulator.submitView({
      user: 'U0ALICE',
      viewId: open?.id ?? '',
      values: { comment: { text: 'Great answers' } },
    });
    expect(emulator.openViews('U0ALICE')).toEqual([]);
    expect(submissions[1]?.view.state.values.rating?.choice).toMatchObject({ selected_option: null });
  });

  it('refuses an expired, reused or unknown trigger_id', async () => {
    const triggers: string[] = [];
    app.command('/later', async ({ ack, body }) => {
      triggers.push(body.trigger_id);
      await ack();
    });
    await emulator.runCommand({ user: 'U0ALICE', channel: 'C0GENERAL', command: '/later', text: '' });
    await emulator.runCommand({ user: 'U0ALICE', channel: 'C0GENERAL', command: '/later', text: '' });
    const [first = '', second = ''] = triggers;

    expect(await slackError(client.views.open({ trigger_id: 'nope', view: feedbackView }))).toBe(
      'invalid_trigger_id',
    );
    await client.views.open({ trigger_id: first, view: feedbackView });
    expect(await slackError(client.views.open({ trigger_id: first, view: feedbackView }))).toBe(
      'trigger_exchanged',
    );
    clock += 3001;
    expect(await slackError(client.views.open({ trigger_id: second, view: feedbackView }))).toBe(
      'expired_trigger_id',
    );
  });

  it('rejects a modal with inputs but no submit button, without using up the trigger', async () => {
    const triggers: string[] = [];
    app.command('/later', async ({ ack, body }) => {
      triggers.push(body.trigger_id);
      await ack();
    });
    await emulator.runCommand({ user: 'U0ALICE', channel: 'C0GENERAL', command: '/later', text: '' });
    const { submit, ...noSubmit } = feedbackView;
    expect(await slackError(client.views.open({ trigger_id: triggers[0] ?? '', view: noSubmit }))).toBe(
      'invalid_arguments',
    );
    await expect(
      client.views.open({ trigger_id: triggers[0] ?? '', view: feedbackView }),
    ).resolves.toMatchObject({ ok: true });
  });

  it('updates a view (stale hash: hash_conflict), pushes views and clears the stack from the ack', async () => {
    const opened = openFeedbackOn();
    await emulator.runCommand({ user: 'U0ALICE', channel: 'C0GENERAL', command: '/feedback', text: '' });
    const { view } = (await until(() => opened[0])) as { view: { id: string; hash: string } };
    const updated = await client.views.update({
      view_id: view.id,
      hash: view.hash,
      view: { ...feedbackView, title: { type: 'plain_text', text: 'Edited' } },
    });
    expect(updated.view?.title?.text).toBe('Edited');
    expect(
      await slackError(client.views.update({ view_id: view.id, hash: view.hash, view: feedbackView })),
    ).toBe('hash_conflict');

    const second = {
      ...feedbackView,
      callback_id: 'step2',
      title: { type: 'plain_text' as const, text: 'Step 2' },
    };
    app.view('feedback', async ({ ack }) => ack({ response_action: 'push', view: second }));
    app.view('step2', async ({ ack }) => ack({ response_action: 'clear' }));
    await emulator.submitView({
      user: 'U0ALICE',
      viewId: view.id,
      values: { comment: { text: 'first step' } },
    });
    const stack = emulator.openViews('U0ALICE');
    expect(stack.map((v) => (v.view as { title: { text: string } }).title.text)).toEqual([
      'Edited',
      'Step 2',
    ]);
    expect(stack[1]?.view).toMatchObject({ previous_view_id: view.id, root_view_id: view.id });

    await emulator.submitView({ user: 'U0ALICE', viewId: stack[1]?.id ?? '', values: {} });
    expect(emulator.openViews('U0ALICE')).toEqual([]);
  });

  it('sends view_closed when a person cancels a modal that asks to be notified', async () => {
    app.command('/feedback', async ({ ack, body, client: bolt }) => {
      await ack();
      await bolt.views.open({
        trigger_id: body.trigger_id,
        view: { ...feedbackView, notify_on_close: true },
      });
    });
    const closed: string[] = [];
    app.view({ callback_id: 'feedback', type: 'view_closed' }, async ({ ack, body }) => {
      await ack();
      closed.push(body.view.id);
    });
    await emulator.runCommand({ user: 'U0ALICE', channel: 'C0GENERAL', command: '/feedback', text: '' });
    const [open] = await until(
      () => emulator.openViews('U0ALICE').length > 0 && emulator.openViews('U0ALICE'),
    );

    await emulator.closeView({ user: 'U0ALICE', viewId: open?.id ?? '' });

    expect(closed).toEqual([open?.id]);
    expect(emulator.openViews('U0ALICE')).toEqual([]);
  });
});
