import { z } from 'zod';
import type { Logger } from '../../../log.js';
import { personIn } from '../people-actions.js';
import { SlackApiError } from '../web-api/api-error.js';
import type { BotActivity } from '../web-api/method-context.js';
import type { Workspace } from '../workspace.js';
import type { SlackUser } from '../workspace-types.js';
import {
  applyReply,
  parseReplyBody,
  type ReplyBody,
  type ReplyTarget,
  replyBodySchema,
} from './bot-replies.js';
import {
  blockActionsPayload,
  commandForm,
  findButton,
  viewClosedPayload,
  viewSubmissionPayload,
} from './payloads.js';
import type { ResponseUrls } from './response-urls.js';
import { type PostResult, postSigned } from './signed-post.js';
import type { Triggers } from './triggers.js';
import { stateValues } from './view-state.js';
import type { ViewStore } from './view-store.js';

export type { PostResult } from './signed-post.js';

export interface CommandInput {
  user: string;
  channel: string;
  command: string;
  text: string;
  /** Where replies go when the command is typed in a thread (Slack leaves it out of the payload). */
  thread_ts?: string;
}

export interface ClickInput {
  user: string;
  channel: string;
  messageTs: string;
  actionId: string;
  value?: string;
}

export interface SubmitInput {
  user: string;
  viewId: string;
  values: Record<string, Record<string, unknown>>;
}

export interface InteractionsOptions {
  workspace: Workspace;
  activity: BotActivity;
  views: ViewStore;
  triggers: Triggers;
  responseUrls: ResponseUrls;
  signingSecret: string;
  eventsUrl: () => string | undefined;
  baseUrl: () => string;
  now: () => number;
  timeoutMs: number;
  logger: Logger;
}

const viewAckSchema = z.looseObject({
  response_action: z.enum(['errors', 'update', 'push', 'clear']).optional(),
  errors: z.record(z.string(), z.string()).optional(),
  view: z.unknown().optional(),
});

/** What a person does that reaches the app as a signed form POST: slash commands, buttons, modals. */
export class Interactions {
  constructor(private readonly options: InteractionsOptions) {}

  async runCommand(input: CommandInput): Promise<PostResult> {
    const { workspace } = this.options;
    const { user, channel } = personIn(workspace, input.user, input.channel);
    if (!/^\/[\w-]+$/.test(input.command)) throw new SlackApiError('invalid_command');
    const target: ReplyTarget = { user: user.id, channel: channel.id };
    const threadTs = input.thread_ts;
    if (threadTs !== undefined && threadTs !== '') target.threadTs = threadTs;
    const form = commandForm({
      workspace,
      user,
      channel,
      command: input.command,
      text: input.text,
      responseUrl: this.responseUrl(target),
      triggerId: this.options.triggers.issue(user.id, channel.id),
    });
    const result = await this.post(form);
    if (result.status === 200 && result.body.trim() !== '') this.reply(target, commandAck(result.body));
    return result;
  }

  async clickButton(input: ClickInput): Promise<PostResult> {
    const { workspace } = this.options;
    const user = this.person(input.user);
    const channel = workspace.channel(input.channel);
    const stored = channel && workspace.message(channel.id, input.messageTs);
    const visible =
      channel &&
      stored &&
      workspace.canSee(user.id, channel.id) &&
      (stored.ephemeralUser === undefined || stored.ephemeralUser === user.id);
    if (!channel || !stored || !visible) throw new SlackApiError('message_not_found');
    const button = findButton(stored, input.actionId);
    if (!button) throw new SlackApiError('action_not_found');
    const { thread_ts: threadTs, ts } = stored.message;
    const target: ReplyTarget = { user: user.id, channel: channel.id, source: { channel: channel.id, ts } };
    if (threadTs !== undefined && threadTs !== ts) target.threadTs = threadTs;
    const buttonValue = typeof button.element.value === 'string' ? button.element.value : undefined;
    const payload = blockActionsPayload({
      workspace,
      user,
      channel,
      stored,
      button,
      value: input.value ?? buttonValue,
      responseUrl: this.responseUrl(target),
      triggerId: this.options.triggers.issue(user.id, channel.id),
      actionTs: workspace.nextTs(),
    });
    return this.post(new URLSearchParams({ payload: JSON.stringify(payload) }));
  }

  /** Submits the user's top view; the app's ack decides: errors, update, push, clear, or (empty) close. */
  async submitView(input: SubmitInput): Promise<PostResult> {
    const { views, workspace } = this.options;
    const user = this.person(input.user);
    const top = views.stack(user.id).at(-1);
    if (!top || top.id !== input.viewId) throw new SlackApiError('view_not_found');
    const values = stateValues(top.view.blocks, input.values);
    views.setState(top.id, values);
    const view = { ...top.view, state: { values } };
    const payload = viewSubmissionPayload({
      workspace,
      user,
      view,
      triggerId: this.options.triggers.issue(user.id),
    });
    const result = await this.post(new URLSearchParams({ payload: JSON.stringify(payload) }));
    if (result.status !== 200) return result;
    const ack = parseViewAck(result.body);
    switch (ack.response_action) {
      case 'errors':
        views.setErrors(top.id, ack.errors ?? {});
        break;
      case 'update':
        views.update({ viewId: top.id }, ack.view);
        break;
      case 'push':
        views.push(user.id, ack.view);
        break;
      case 'clear':
        views.clear(user.id);
        break;
      default:
        views.close(user.id, top.id);
    }
    return result;
  }

  /** The person closes a modal (Cancel / ×); `view_closed` goes to the app when the view asks for it. */
  async closeView(userId: string, viewId: string): Promise<PostResult | undefined> {
    const { views, workspace } = this.options;
    const user = this.person(userId);
    const stack = views.stack(user.id);
    const entry = stack.find((v) => v.id === viewId);
    if (!entry) throw new SlackApiError('view_not_found');
    const clears = entry.view.clear_on_close;
    if (clears) views.clear(user.id);
    else views.close(user.id, viewId);
    if (!entry.view.notify_on_close) return undefined;
    const payload = viewClosedPayload({ workspace, user, view: entry.view, isCleared: clears });
    return this.post(new URLSearchParams({ payload: JSON.stringify(payload) }));
  }

  /** POST to a response_url: `{ status, body }` as Slack answers (404 used_url / expired_url). */
  respond(id: string, bodyText: string): { status: number; body: string } {
    const use = this.options.responseUrls.use(id);
    if (!use.ok) return { status: 404, body: use.error };
    let body: ReplyBody;
    try {
      body = parseReplyBody(bodyText);
      this.reply(use.target, body, true);
    } catch (error) {
      if (error instanceof SlackApiError) return { status: 400, body: error.code };
      throw error;
    }
    return { status: 200, body: JSON.stringify({ ok: true }) };
  }

  private reply(target: ReplyTarget, body: ReplyBody, strict = false): void {
    try {
      applyReply(this.options.workspace, this.options.activity, target, body);
    } catch (error) {
      if (strict) throw error;
      this.options.logger.warn({ err: error }, 'slack emulator: ack body not shown');
    }
  }

  private person(userId: string): SlackUser {
    const user = this.options.workspace.user(userId);
    if (!user || user.is_bot) throw new SlackApiError('user_not_found');
    return user;
  }

  private responseUrl(target: ReplyTarget): string {
    return `${this.options.baseUrl()}/response/${this.options.responseUrls.create(target)}`;
  }

  private post(form: URLSearchParams): Promise<PostResult> {
    return postSigned({
      url: this.options.eventsUrl(),
      form,
      signingSecret: this.options.signingSecret,
      nowMs: this.options.now(),
      timeoutMs: this.options.timeoutMs,
    });
  }
}

/** A slash command's ack body: JSON like a response_url body, or plain text. */
function commandAck(body: string): ReplyBody {
  try {
    const parsed = replyBodySchema.safeParse(JSON.parse(body));
    if (parsed.success) return parsed.data;
  } catch {
    // plain text
  }
  return { text: body };
}

function parseViewAck(body: string): z.infer<typeof viewAckSchema> {
  if (body.trim() === '') return {};
  try {
    const parsed = viewAckSchema.safeParse(JSON.parse(body));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}
