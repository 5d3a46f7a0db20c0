import { expect } from 'vitest';
import { eventually, type TestStrata } from '../helpers/local-strata.js';

export interface Shown {
  ts: string;
  text: string;
  /** The message's blocks, stringified. */
  blocks: string;
  bot: boolean;
}

export async function threadOf(local: TestStrata, channel: string, ts: string): Promise<Shown[]> {
  const page = await local.strata.app.client.conversations.replies({ channel, ts });
  return (page.messages ?? []).map((m) => ({
    ts: m.ts ?? '',
    text: m.text ?? '',
    blocks: JSON.stringify(m.blocks ?? []),
    bot: m.bot_id !== undefined,
  }));
}

const finished = (m: Shown) => !m.text.includes('Thinking…') && !m.text.endsWith('▍');

/** Waits until a bot message of the thread matches `pattern` and the turn ended with its buttons. */
export function waitForAgent(
  local: TestStrata,
  channel: string,
  ts: string,
  pattern: RegExp,
): Promise<Shown[]> {
  return eventually(
    async () => {
      const messages = await threadOf(local, channel, ts);
      const hit = messages.some((m) => m.bot && (pattern.test(m.text) || pattern.test(m.blocks)));
      const last = messages.at(-1);
      const settled = last?.bot === true && last.blocks.includes('strata_agent_');
      return hit && settled && messages.every(finished) ? messages : undefined;
    },
    { timeoutMs: 15_000 },
  );
}

/** `/agent <text>` as `user`; resolves to the ts of the thread Strata opened for it. */
export async function startAgentSession(
  local: TestStrata,
  user: string,
  channel: string,
  text: string,
): Promise<string> {
  const history = async () =>
    (await local.strata.app.client.conversations.history({ channel, limit: 200 })).messages ?? [];
  const before = new Set((await history()).map((m) => m.ts));
  const result = await local.slack.runCommand({ user, channel, command: '/agent', text });
  expect(result.status).toBe(200);
  return eventually(
    async () => (await history()).find((m) => !before.has(m.ts) && m.text?.includes('asked the agent'))?.ts,
  );
}

/** The last message of the thread that carries a button with this action id. */
export function withButton(messages: Shown[], actionId: string): Shown {
  const found = messages.filter((m) => m.blocks.includes(`"${actionId}"`)).at(-1);
  if (found === undefined) throw new Error(`no ${actionId} button in the thread`);
  return found;
}

/** The value of the button with this action id in a message's blocks. */
export function buttonValue(message: Shown, actionId: string): string {
  const blocks = JSON.parse(message.blocks) as Array<{
    elements?: Array<{ action_id?: string; value?: string }>;
  }>;
  const value = blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === actionId)?.value;
  if (value === undefined) throw new Error(`no value on ${actionId}`);
  return value;
}
