import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../../log.js';
import type { Workspace } from '../workspace.js';
import { SlackApiError } from './api-error.js';
import { assistantMethods } from './assistant-methods.js';
import { chatMethods } from './chat-methods.js';
import { conversationMethods } from './conversation-methods.js';
import { identityMethods } from './identity-methods.js';
import type { BotActivity, MethodHandler } from './method-context.js';
import type { Params } from './params.js';
import { RateLimiter } from './rate-limiter.js';
import type { RateLimits } from './rate-limits.js';
import { reactionMethods } from './reaction-methods.js';
import { decodeRequest, readBody } from './request-body.js';
import { streamMethods } from './stream-methods.js';

export interface ApiCall {
  method: string;
  /** Parsed parameters, token removed. */
  params: Params;
  /** ms, from the emulator's clock. */
  at: number;
}

export type ApiFailure = { status: 429; retryAfterSeconds: number } | { error: string };

export interface WebApiOptions {
  workspace: Workspace;
  botToken: string;
  baseUrl: () => string;
  activity: BotActivity;
  now: () => number;
  logger: Logger;
  /** Extra methods (e.g. file uploads) merged over the built-in ones. */
  extraMethods?: Record<string, MethodHandler>;
  /** Per-method token buckets; false (default) = no limits. */
  rateLimits?: RateLimits | false;
}

function send(res: ServerResponse, status: number, body: object, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

/** `POST /api/<method>` (or GET with a query) with Slack's envelope, auth and fault injection. */
export class WebApi {
  readonly calls: ApiCall[] = [];
  /** 429 answers per method (rate limits and injected failures). */
  readonly rateLimited: Record<string, number> = {};
  private readonly failures = new Map<string, ApiFailure[]>();
  private readonly methods: Record<string, MethodHandler>;
  private limiter: RateLimiter | undefined;

  constructor(private readonly options: WebApiOptions) {
    this.methods = {
      ...identityMethods,
      ...chatMethods,
      ...streamMethods,
      ...conversationMethods,
      ...assistantMethods,
      ...reactionMethods,
      ...options.extraMethods,
    };
    this.setRateLimits(options.rateLimits ?? false);
  }

  /** Turns rate limiting on (fresh, full buckets) or off. */
  setRateLimits(limits: RateLimits | false): void {
    this.limiter = limits === false ? undefined : new RateLimiter(limits, this.options.now);
  }

  failNext(method: string, failure: ApiFailure, count = 1): void {
    const queue = this.failures.get(method) ?? [];
    for (let i = 0; i < count; i++) queue.push(failure);
    this.failures.set(method, queue);
  }

  async handle(req: IncomingMessage, res: ServerResponse, method: string, query: URLSearchParams) {
    const { workspace, logger } = this.options;
    let params: Params = {};
    let uploads: Awaited<ReturnType<typeof decodeRequest>>['uploads'] = new Map();
    try {
      const decoded = await decodeRequest(req.headers['content-type'], await readBody(req), query);
      params = decoded.params;
      uploads = decoded.uploads;
    } catch (error) {
      const code = error instanceof SlackApiError ? error.code : 'invalid_form_data';
      send(res, 200, { ok: false, error: code });
      return;
    }

    const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const token = bearer ?? (typeof params.token === 'string' ? params.token : undefined);
    delete params.token;
    this.calls.push({ method, params, at: this.options.now() });

    const failure = this.failures.get(method)?.shift();
    if (failure) {
      if ('status' in failure) this.tooMany(res, method, failure.retryAfterSeconds);
      else send(res, 200, { ok: false, error: failure.error });
      return;
    }

    const handler = Object.hasOwn(this.methods, method) ? this.methods[method] : undefined;
    if (!handler) return send(res, 200, { ok: false, error: 'unknown_method' });
    if (token === undefined || token === '') return send(res, 200, { ok: false, error: 'not_authed' });
    if (token !== this.options.botToken) return send(res, 200, { ok: false, error: 'invalid_auth' });
    const limited = this.limiter?.take(method, params);
    if (limited) return this.tooMany(res, method, limited.retryAfterSeconds);

    try {
      const result = await handler(params, {
        workspace,
        baseUrl: this.options.baseUrl(),
        activity: this.options.activity,
        uploads,
      });
      logger.debug({ method }, 'slack emulator: api call ok');
      send(res, 200, { ok: true, ...result });
    } catch (error) {
      if (error instanceof SlackApiError) {
        logger.debug({ method, error: error.code }, 'slack emulator: api call failed');
        send(res, 200, { ok: false, error: error.code, ...error.extra });
        return;
      }
      logger.error({ err: error, method }, 'slack emulator: method failed');
      send(res, 200, { ok: false, error: 'internal_error' });
    }
  }

  private tooMany(res: ServerResponse, method: string, retryAfterSeconds: number): void {
    this.rateLimited[method] = (this.rateLimited[method] ?? 0) + 1;
    this.options.logger.debug({ method, retry_after: retryAfterSeconds }, 'slack emulator: rate limited');
    send(res, 429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(retryAfterSeconds) });
  }
}
