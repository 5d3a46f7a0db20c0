import { randomBytes } from 'node:crypto';
import { SlackApiError } from '../web-api/api-error.js';
import { bot, teamId } from '../workspace-seed.js';
import type { ModalView, PlainText, StateValues } from './view-types.js';

export interface OpenView {
  id: string;
  /** The view as Slack returns it from views.open / views.update (ids, hash, state). */
  view: ModalView;
  /** `response_action: "errors"` of the last submission, by block_id. */
  errors?: Record<string, string>;
}

const maxStack = 3;

function invalid(message: string): SlackApiError {
  return new SlackApiError('invalid_arguments', { response_metadata: { messages: [`[ERROR] ${message}`] } });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function plainText(value: unknown): PlainText | null {
  if (!isRecord(value) || typeof value.text !== 'string') return null;
  return {
    type: 'plain_text',
    text: value.text,
    ...(typeof value.emoji === 'boolean' ? { emoji: value.emoji } : {}),
  };
}

function shortId(prefix: string): string {
  return `${prefix}${randomBytes(5).toString('hex').toUpperCase()}`;
}

/** Checks a modal the way views.open does and fills in what Slack fills in (block_id, action_id). */
function checkedBlocks(view: Record<string, unknown>): Record<string, unknown>[] {
  if (view.type !== 'modal') throw invalid('only views of type "modal" can be opened here');
  const title = view.title;
  if (!isRecord(title) || typeof title.text !== 'string' || title.text === '')
    throw invalid('missing required field: title');
  if (title.text.length > 24)
    throw invalid('must be less than 25 characters [json-pointer:/view/title/text]');
  const blocks = view.blocks ?? [];
  if (!Array.isArray(blocks)) throw invalid('blocks must be an array [json-pointer:/view/blocks]');
  if (blocks.length > 100) throw invalid('no more than 100 items allowed [json-pointer:/view/blocks]');
  const seen = new Set<string>();
  const filled = blocks.map((block: unknown, index) => {
    if (!isRecord(block) || typeof block.type !== 'string')
      throw invalid(`missing required field: type [json-pointer:/view/blocks/${index}]`);
    const blockId = typeof block.block_id === 'string' ? block.block_id : shortId('b');
    if (seen.has(blockId))
      throw invalid(`duplicate block_id ${blockId} [json-pointer:/view/blocks/${index}]`);
    seen.add(blockId);
    const next: Record<string, unknown> = { ...block, block_id: blockId };
    if (block.type === 'input') {
      if (!isRecord(block.element))
        throw invalid(`missing required field: element [json-pointer:/view/blocks/${index}]`);
      if (!isRecord(block.label))
        throw invalid(`missing required field: label [json-pointer:/view/blocks/${index}]`);
      const element = block.element;
      next.element = {
        ...element,
        action_id: typeof element.action_id === 'string' ? element.action_id : shortId('a'),
      };
    }
    return next;
  });
  if (filled.some((b) => b.type === 'input') && !isRecord(view.submit))
    throw invalid('submit is required when an input block is within the blocks array');
  return filled;
}

/** The modal stacks of every person: views.open / update / push, and what the person does with them. */
export class ViewStore {
  private readonly stacks = new Map<string, OpenView[]>();
  private readonly listeners = new Set<(user: string) => void>();

  constructor(private readonly now: () => number) {}

  stack(user: string): OpenView[] {
    return [...(this.stacks.get(user) ?? [])];
  }

  find(viewId: string): { user: string; entry: OpenView } | undefined {
    for (const [user, stack] of this.stacks) {
      const entry = stack.find((v) => v.id === viewId);
      if (entry) return { user, entry };
    }
    return undefined;
  }

  open(user: string, input: unknown): OpenView {
    const entry = this.build(input, undefined);
    this.stacks.set(user, [entry]);
    this.emit(user);
    return entry;
  }

  push(user: string, input: unknown): OpenView {
    const stack = this.stacks.get(user) ?? [];
    const top = stack.at(-1);
    if (!top) throw new SlackApiError('not_found');
    if (stack.length >= maxStack) throw new SlackApiError('push_limit_reached');
    const entry = this.build(input, top);
    stack.push(entry);
    this.emit(user);
    return entry;
  }

  /** views.update by view_id or external_id; `hash_conflict` when the given hash is stale. */
  update(ref: { viewId?: string; externalId?: string }, input: unknown, hash?: string): OpenView {
    const found = ref.viewId
      ? this.find(ref.viewId)
      : [...this.stacks].flatMap(([user, stack]) =>
          stack
            .filter((v) => ref.externalId && v.view.external_id === ref.externalId)
            .map((entry) => ({ user, entry })),
        )[0];
    if (!found) throw new SlackApiError('not_found');
    const { user, entry } = found;
    if (hash !== undefined && hash !== '' && hash !== entry.view.hash)
      throw new SlackApiError('hash_conflict');
    const stack = this.stacks.get(user) ?? [];
    const index = stack.indexOf(entry);
    const previous = index > 0 ? stack[index - 1] : undefined;
    const next = this.build(input, previous, entry);
    stack[index] = next;
    this.emit(user);
    return next;
  }

  setState(viewId: string, values: StateValues): void {
    const found = this.find(viewId);
    if (found) found.entry.view = { ...found.entry.view, state: { values } };
  }

  setErrors(viewId: string, errors: Record<string, string>): void {
    const found = this.find(viewId);
    if (!found) return;
    found.entry.errors = errors;
    this.emit(found.user);
  }

  /** Closes one view (the user goes back to the one under it). */
  close(user: string, viewId: string): void {
    const stack = this.stacks.get(user) ?? [];
    const index = stack.findIndex((v) => v.id === viewId);
    if (index < 0) return;
    stack.splice(index);
    if (stack.length === 0) this.stacks.delete(user);
    this.emit(user);
  }

  clear(user: string): void {
    if (!this.stacks.delete(user)) return;
    this.emit(user);
  }

  onChange(listener: (user: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private build(input: unknown, previous: OpenView | undefined, replacing?: OpenView): OpenView {
    if (!isRecord(input)) throw invalid('missing required field: view');
    const blocks = checkedBlocks(input);
    const id = replacing?.id ?? shortId('V');
    const str = (key: string) => (typeof input[key] === 'string' ? (input[key] as string) : '');
    const view: ModalView = {
      id,
      team_id: teamId,
      type: 'modal',
      title: plainText(input.title) ?? { type: 'plain_text', text: '' },
      blocks,
      close: plainText(input.close),
      submit: plainText(input.submit),
      private_metadata: str('private_metadata'),
      callback_id: str('callback_id'),
      external_id: str('external_id'),
      state: { values: {} },
      hash: `${Math.floor(this.now() / 1000)}.${randomBytes(4).toString('hex')}`,
      clear_on_close: input.clear_on_close === true,
      notify_on_close: input.notify_on_close === true,
      submit_disabled: input.submit_disabled === true,
      root_view_id: previous
        ? (previous.view.root_view_id ?? previous.id)
        : (replacing?.view.root_view_id ?? id),
      previous_view_id: previous?.id ?? null,
      app_id: bot.appId,
      app_installed_team_id: teamId,
      bot_id: bot.botId,
    };
    return { id, view };
  }

  private emit(user: string): void {
    for (const listener of this.listeners) listener(user);
  }
}
