import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { Logger } from '../../../log.js';
import type { ClickInput, CommandInput, PostResult, SubmitInput } from '../interactivity/interactions.js';
import type { ViewStore } from '../interactivity/view-store.js';
import type { SlashCommandInfo } from '../manifest-commands.js';
import type { ShareFileInput } from '../people-files.js';
import { SlackApiError } from '../web-api/api-error.js';
import { readBody } from '../web-api/request-body.js';
import type { Workspace } from '../workspace.js';
import { LiveUpdates } from './live-updates.js';
import { stateFor } from './message-view.js';
import { PageBundle } from './page-bundle.js';

/** The person-side actions the page can take (they deliver events and requests like Slack would). */
export interface PeopleApi {
  post(input: { user: string; channel: string; text: string; thread_ts?: string }): Promise<{ ts: string }>;
  edit(input: { user: string; channel: string; ts: string; text: string }): Promise<void>;
  remove(input: { user: string; channel: string; ts: string }): Promise<void>;
  command(input: CommandInput): Promise<PostResult>;
  click(input: ClickInput): Promise<PostResult>;
  submit(input: SubmitInput): Promise<PostResult>;
  closeView(input: { user: string; viewId: string }): Promise<PostResult | undefined>;
  upload(input: ShareFileInput): Promise<{ ts: string }>;
  /** The app's slash commands, from its manifest. */
  commands(): Promise<SlashCommandInfo[]>;
}

export interface PlaygroundOptions {
  workspace: Workspace;
  views: ViewStore;
  people: PeopleApi;
  logger: Logger;
  /** Cookie value that lets the page load url_private files, as a signed-in Slack client can. */
  session: string;
}

const pageFile = fileURLToPath(new URL('../playground/index.html', import.meta.url));

/** `/` and permalinks show the page. */
function isPage(path: string): boolean {
  return path === '/' || path === '/index.html' || path.startsWith('/archives/');
}

/** The page's bundled script, styles and source maps. */
function isAsset(path: string): boolean {
  return /^\/[a-z0-9-]+\.(js|css)(\.map)?$/.test(path);
}

const postSchema = z.object({
  user: z.string(),
  channel: z.string(),
  text: z.string(),
  thread_ts: z.string().optional(),
});
const editSchema = z.object({ user: z.string(), channel: z.string(), ts: z.string(), text: z.string() });
const deleteSchema = z.object({ user: z.string(), channel: z.string(), ts: z.string() });
const commandSchema = z.object({
  user: z.string(),
  channel: z.string(),
  command: z.string(),
  text: z.string(),
  thread_ts: z.string().optional(),
});
const clickSchema = z.object({
  user: z.string(),
  channel: z.string(),
  messageTs: z.string(),
  actionId: z.string(),
  value: z.string().optional(),
});
const submitSchema = z.object({
  user: z.string(),
  viewId: z.string(),
  values: z.record(z.string(), z.record(z.string(), z.unknown())),
});
const closeSchema = z.object({ user: z.string(), viewId: z.string() });
const maxUploadBytes = 50 * 1024 * 1024;

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

async function jsonBody<T>(req: IncomingMessage, schema: z.ZodType<T>): Promise<T> {
  let parsed: unknown;
  try {
    parsed = JSON.parse((await readBody(req, 1024 * 1024)).toString('utf8'));
  } catch {
    throw new SlackApiError('invalid_json');
  }
  const result = schema.safeParse(parsed);
  if (!result.success) throw new SlackApiError('invalid_arguments');
  return result.data;
}

/** The playground page, its JSON endpoints under /playground/ and the live event stream. */
export class PlaygroundRoutes {
  private readonly live: LiveUpdates;
  private readonly workspace: Workspace;
  private readonly people: PeopleApi;
  private readonly logger: Logger;
  private readonly bundle = new PageBundle();

  constructor(private readonly options: PlaygroundOptions) {
    this.workspace = options.workspace;
    this.people = options.people;
    this.logger = options.logger;
    this.live = new LiveUpdates(options.workspace, options.views);
  }

  /** Answers the request if it is one of the playground's; returns false otherwise. */
  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const path = url.pathname;
    const method = req.method ?? 'GET';
    if (method === 'GET' && (isPage(path) || isAsset(path))) {
      await this.serveStatic(res, path).catch((error: unknown) => {
        this.logger.error({ err: error, path }, 'slack emulator: the playground page could not be built');
        res.writeHead(500, { 'content-type': 'text/plain' }).end('the playground page could not be built');
      });
      return true;
    }
    if (!path.startsWith('/playground/')) return false;
    try {
      await this.route(req, res, method, path, url.searchParams);
    } catch (error) {
      if (error instanceof SlackApiError) {
        sendJson(res, 400, { ok: false, error: error.code, ...error.extra });
      } else {
        this.logger.error({ err: error, path }, 'slack emulator: playground request failed');
        sendJson(res, 500, { ok: false, error: 'internal_error' });
      }
    }
    return true;
  }

  close(): void {
    this.live.close();
  }

  private async route(
    req: IncomingMessage,
    res: ServerResponse,
    method: string,
    path: string,
    query: URLSearchParams,
  ): Promise<void> {
    if (method === 'GET' && (path === '/playground/state' || path === '/playground/events')) {
      const userId = query.get('user') ?? '';
      const user = this.workspace.user(userId);
      if (!user || user.is_bot) throw new SlackApiError('user_not_found');
      if (path === '/playground/events') this.live.subscribe(userId, res);
      else {
        const state = stateFor(this.workspace, userId);
        const views = this.options.views.stack(userId);
        sendJson(res, 200, { ok: true, ...state, views, commands: await this.people.commands() });
      }
      return;
    }
    if (method === 'POST' && path === '/playground/files') {
      const ts = await this.upload(req, query);
      sendJson(res, 200, { ok: true, ts });
      return;
    }
    if (method !== 'POST') {
      sendJson(res, 404, { ok: false, error: 'not_found' });
      return;
    }
    const answer = await this.act(path, req);
    if (answer) sendJson(res, 200, { ok: true, ...answer });
    else sendJson(res, 404, { ok: false, error: 'not_found' });
  }

  /** The JSON POST actions; undefined for an unknown path. */
  private async act(path: string, req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
    const { people } = this;
    const app = (result: PostResult | undefined) =>
      result ? { status: result.status, body: result.body } : {};
    switch (path) {
      case '/playground/messages':
        return people.post(await jsonBody(req, postSchema));
      case '/playground/messages/update':
        await people.edit(await jsonBody(req, editSchema));
        return {};
      case '/playground/messages/delete':
        await people.remove(await jsonBody(req, deleteSchema));
        return {};
      case '/playground/commands':
        return app(await people.command(await jsonBody(req, commandSchema)));
      case '/playground/actions':
        return app(await people.click(await jsonBody(req, clickSchema)));
      case '/playground/views/submit':
        return app(await people.submit(await jsonBody(req, submitSchema)));
      case '/playground/views/close':
        return app(await people.closeView(await jsonBody(req, closeSchema)));
      default:
        return undefined;
    }
  }

  /** A file from the composer: raw bytes in the body, the rest in the query string. */
  private async upload(req: IncomingMessage, query: URLSearchParams): Promise<string> {
    const field = (name: string) => query.get(name) ?? undefined;
    const user = field('user');
    const channel = field('channel');
    const filename = field('filename');
    if (!user || !channel || !filename) throw new SlackApiError('invalid_arguments');
    const content = await readBody(req, maxUploadBytes);
    const input: ShareFileInput = { user, channel, filename, content };
    const threadTs = field('thread_ts');
    const title = field('title');
    const text = field('text');
    if (threadTs) input.thread_ts = threadTs;
    if (title) input.title = title;
    if (text) input.text = text;
    return (await this.people.upload(input)).ts;
  }

  private async serveStatic(res: ServerResponse, path: string): Promise<void> {
    const headers: Record<string, string> = { 'cache-control': 'no-cache' };
    if (isPage(path)) {
      await this.bundle.refresh();
      headers['content-type'] = 'text/html; charset=utf-8';
      headers['set-cookie'] = `strata_playground=${this.options.session}; Path=/; HttpOnly; SameSite=Lax`;
      res.writeHead(200, headers).end(await readFile(pageFile));
      return;
    }
    const asset = await this.bundle.asset(path);
    if (!asset) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { ...headers, 'content-type': asset.type }).end(asset.body);
  }
}
