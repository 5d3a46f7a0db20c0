import type { Workspace } from '../workspace.js';
import type { SlackMessage, StoredMessage } from '../workspace-types.js';
import type { Params } from './params.js';
import type { UploadedPart } from './request-body.js';

/** What the bot did through the Web API; the emulator turns these into Events API deliveries. */
export interface BotActivity {
  posted(stored: StoredMessage): void;
  changed(stored: StoredMessage, previous: SlackMessage): void;
  deleted(channel: string, previous: StoredMessage): void;
}

export interface MethodContext {
  readonly workspace: Workspace;
  /** The emulator's base URL, e.g. http://127.0.0.1:3000 (permalinks, file URLs). */
  readonly baseUrl: string;
  readonly activity: BotActivity;
  /** File parts of a multipart request. */
  readonly uploads: ReadonlyMap<string, UploadedPart>;
}

export type MethodResult = Record<string, unknown>;

/** One Web API method: parameters in, the fields of `{ ok: true, ... }` out; throws SlackApiError. */
export type MethodHandler = (params: Params, ctx: MethodContext) => MethodResult | Promise<MethodResult>;
