import type { Logger } from '../../log.js';
import type { Delivery } from './events/event-sender.js';
import type { ClickInput, CommandInput, PostResult, SubmitInput } from './interactivity/interactions.js';
import type { PostInput } from './people-actions.js';
import type { ShareFileInput } from './people-files.js';
import type { RateLimits } from './web-api/rate-limits.js';
import type { ApiCall, ApiFailure } from './web-api/web-api.js';
import type { Workspace } from './workspace.js';

export interface SlackEmulatorOptions {
  /** Default 0 (any free port). */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /** Events are signed with it. */
  signingSecret: string;
  /** The only token the Web API accepts. */
  botToken: string;
  /** JSON persistence of workspace and messages; omitted = memory only. */
  dataFile?: string;
  /** ms clock; message ts values and signature timestamps come from it. */
  now?: () => number;
  logger?: Logger;
  /** Delays before Slack-style retries of a failed delivery; default [1000, 5000, 15000]. */
  eventRetryDelaysMs?: number[];
  /** How long a delivery may take before it counts as `http_timeout`; default 3000 (Slack's 3 s). */
  eventTimeoutMs?: number;
  /** Slack's per-method rate limits (429 + Retry-After); true = the defaults. Default off. */
  rateLimits?: RateLimits | boolean;
  /** The app manifest whose `features.slash_commands` the playground offers; default `manifest.json` in the cwd. */
  manifestPath?: string;
}

export interface EphemeralView {
  ts: string;
  channel: string;
  text: string;
  blocks?: unknown[];
  thread_ts?: string;
}

export interface SlackEmulator {
  /** http://127.0.0.1:PORT; the playground page is at `${url}/`. */
  readonly url: string;
  /** `${url}/api/`, for `slackApiUrl`. */
  readonly apiUrl: string;
  readonly workspace: Workspace;
  /** Where signed Events API requests go (the bot's http://host:port/slack/events). */
  setEventsUrl(url: string): void;
  /** A person posts a message (as the playground composer does): stored, broadcast, events delivered. */
  postAsUser(input: PostInput): Promise<{ ts: string; deliveries: Delivery[] }>;
  /** A person edits their own message; delivers `message_changed`. */
  editAsUser(input: { user: string; channel: string; ts: string; text: string }): Promise<Delivery[]>;
  /** A person deletes their own message; delivers `message_deleted`. */
  deleteAsUser(input: { user: string; channel: string; ts: string }): Promise<Delivery[]>;
  /** Sends one signed envelope, once (no automatic retries). */
  deliver(
    envelope: object,
    options?: { retryNum?: number; retryReason?: string; signingSecret?: string; timestamp?: number },
  ): Promise<Delivery>;
  /** Web API calls received, in order: method, parsed params (token removed), time. */
  readonly calls: ApiCall[];
  /** The next `count` calls of `method` answer 429 with Retry-After, or `{ ok: false, error }`. */
  failNext(method: string, failure: ApiFailure, count?: number): void;
  /** 429 answers so far, per method. */
  readonly rateLimited: Readonly<Record<string, number>>;
  /** Turns rate limits on (fresh buckets; true = defaults) or off. */
  setRateLimits(limits: RateLimits | boolean): void;
  /**
   * A person runs a slash command: a signed form POST with response_url and trigger_id. The ack body, if
   * any, is shown to them as an ephemeral message (or in channel). Resolves to the app's HTTP answer.
   */
  runCommand(input: CommandInput): Promise<PostResult>;
  /** A person clicks a button of a message they can see (ephemeral ones too): a `block_actions` payload. */
  clickButton(input: ClickInput): Promise<PostResult>;
  /** A person submits their top modal; the ack's response_action (errors/update/push/clear) is honoured. */
  submitView(input: SubmitInput): Promise<PostResult>;
  /** A person closes a modal (sends `view_closed` when the view has notify_on_close). */
  closeView(input: { user: string; viewId: string }): Promise<PostResult | undefined>;
  /** A person shares a file: a file_share message, `message` + `file_shared` events. */
  uploadFile(input: ShareFileInput): Promise<{ ts: string; fileId: string; deliveries: Delivery[] }>;
  /** Ephemeral messages `user` saw (chat.postEphemeral, response_url, command acks), oldest first. */
  ephemerals(user: string, channel?: string): EphemeralView[];
  /** The user's modal stack, bottom first; `errors` from the last `response_action: "errors"`. */
  openViews(user: string): Array<{ id: string; view: unknown; errors?: Record<string, string> }>;
  /** The bytes of an uploaded file. */
  fileContent(fileId: string): Buffer | undefined;
  close(): Promise<void>;
}
