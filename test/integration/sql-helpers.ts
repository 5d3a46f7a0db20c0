import { eventually, type TestStrata } from '../helpers/local-strata.js';

export const GENERAL = 'C0GENERAL';
export const ALICE = 'U0ALICE';

export interface SlackMessage {
  ts: string;
  text: string;
  bot_id?: string;
  files?: Array<{ id?: string; name?: string; title?: string }>;
  blocks?: Array<{
    type: string;
    text?: { text?: string };
    elements?: Array<{ text?: unknown; action_id?: string; value?: string }>;
  }>;
}

export async function replies(local: TestStrata, ts: string, channel = GENERAL): Promise<SlackMessage[]> {
  const page = await local.strata.app.client.conversations.replies({ channel, ts });
  return (page.messages ?? []) as SlackMessage[];
}

async function history(local: TestStrata, channel = GENERAL): Promise<SlackMessage[]> {
  const page = await local.strata.app.client.conversations.history({ channel, limit: 200 });
  return (page.messages ?? []) as SlackMessage[];
}

const isFinal = (m: SlackMessage) => m.text !== '_Thinking…_' && !m.text.endsWith('▍');

/** The thread Strata opened for a /sql question, once its card (the message with buttons or a verdict) is there. */
export async function sqlThread(local: TestStrata, question: string, cards = 1) {
  return eventually(async () => {
    const parent = (await history(local)).find((m) => m.bot_id !== undefined && m.text.includes(question));
    if (parent === undefined) return undefined;
    const thread = await replies(local, parent.ts);
    const found = cardsOf(thread);
    return found.length >= cards && thread.every(isFinal)
      ? { parent, thread, card: found[cards - 1] as SlackMessage }
      : undefined;
  });
}

export function cardsOf(thread: SlackMessage[]): SlackMessage[] {
  return thread.filter((m) =>
    m.blocks?.some((b) => b.type === 'actions' && b.elements?.some((e) => e.action_id?.startsWith('sql_'))),
  );
}

export function fileIn(local: TestStrata, thread: SlackMessage[], name: string, nth = 0): string | undefined {
  const message = thread.filter((m) => m.files?.some((f) => f.name === name))[nth];
  const id = message?.files?.find((f) => f.name === name)?.id;
  return id ? local.slack.fileContent(id)?.toString('utf8') : undefined;
}

export function cardText(card: SlackMessage): string {
  return (card.blocks ?? [])
    .map(
      (b) =>
        b.text?.text ?? (b.elements ?? []).map((e) => (typeof e.text === 'string' ? e.text : '')).join(' '),
    )
    .join('\n');
}

export function buttons(card: SlackMessage): string[] {
  return card.blocks?.find((b) => b.type === 'actions')?.elements?.map((e) => e.action_id ?? '') ?? [];
}

export async function ephemeral(local: TestStrata, user: string, channel: string, part: string) {
  return eventually(async () => local.slack.ephemerals(user, channel).find((e) => e.text.includes(part)));
}
