import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { Logger } from '../../../log.js';
import { SlackApiError } from '../web-api/api-error.js';
import { readBody } from '../web-api/request-body.js';
import type { Workspace } from '../workspace.js';
import { LiveUpdates } from './live-updates.js';
import { stateFor } from './message-view.js';

/** The person-side actions the page can take (they deliver events like Slack would). */
export interface PeopleApi {
  post(input: { user: string; channel: string; text: string; thread_ts?: string }): Promise<{ ts: string }>;
  edit(input: { user: string; channel: string; ts: string; text: string }): Promise<void>;
  remove(input: { user: string; channel: string; ts: string }): Promise<void>;
}

const staticDir = fileURLToPath(new URL('../playground/', import.meta.url));
const staticFiles: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/index.html': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/format.js': { file: 'format.js', type: 'text/javascript; charset=utf-8' },
  '/style.css': { file: 'style.css', type: 'text/css; charset=utf-8' },
};

const postSchema = z.object({
  user: z.string(),
  channel: z.string(),
  text: z.string(),
  thread_ts: z.string().optional(),
});
const editSchema = z.object({ user: z.string(), channel: z.string(), ts: z.string(), text: z.string() });
const deleteSchema = z.object({ user: z.string(), channel: z.string(), ts: z.string() });

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

  constructor(
    private readonly workspace: Workspace,
    private readonly people: PeopleApi,
    private readonly logger: Logger,
  ) {
    this.live = new LiveUpdates(workspace);
  }

  /** Answers the request if it is one of the playground's; returns false otherwise. */
  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const path = url.pathname;
    const method = req.method ?? 'GET';
    if (method === 'GET' && (staticFiles[path] || path.startsWith('/archives/'))) {
      await this.serveStatic(
        res,
        staticFiles[path] ?? { file: 'index.html', type: 'text/html; charset=utf-8' },
      );
      return true;
    }
    if (!path.startsWith('/playground/')) return false;
    try {
      await this.route(req, res, method, path, url.searchParams);
    } catch (error) {
      if (error instanceof SlackApiError) {
        sendJson(res, 400, { ok: false, error: error.code });
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
      else sendJson(res, 200, { ok: true, ...stateFor(this.workspace, userId) });
      return;
    }
    if (method === 'POST' && path === '/playground/messages') {
      const { ts } = await this.people.post(await jsonBody(req, postSchema));
      sendJson(res, 200, { ok: true, ts });
      return;
    }
    if (method === 'POST' && path === '/playground/messages/update') {
      await this.people.edit(await jsonBody(req, editSchema));
      sendJson(res, 200, { ok: true });
      return;
    }
    if (method === 'POST' && path === '/playground/messages/delete') {
      await this.people.remove(await jsonBody(req, deleteSchema));
      sendJson(res, 200, { ok: true });
      return;
    }
    sendJson(res, 404, { ok: false, error: 'not_found' });
  }

  private async serveStatic(res: ServerResponse, entry: { file: string; type: string }): Promise<void> {
    const content = await readFile(`${staticDir}${entry.file}`);
    res.writeHead(200, { 'content-type': entry.type, 'cache-control': 'no-cache' });
    res.end(content);
  }
}
