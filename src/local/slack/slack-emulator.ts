import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger, type Logger } from '../../log.js';
import { EventDispatcher } from './events/event-dispatcher.js';
import { type Delivery, EventSender } from './events/event-sender.js';
import { handleDownload, handleUpload } from './files/file-routes.js';
import { FileStore } from './files/file-store.js';
import { deleteAsPerson, editAsPerson, type PostInput, postAsPerson } from './people-actions.js';
import { type PeopleApi, PlaygroundRoutes } from './playground-server/playground-routes.js';
import { fileMethods } from './web-api/file-methods.js';
import { type ApiCall, type ApiFailure, WebApi } from './web-api/web-api.js';
import { Workspace } from './workspace.js';
import { loadSnapshot, type Persistence, persistOnChange } from './workspace-file.js';
import { seedWorkspace } from './workspace-seed.js';

export type { Delivery } from './events/event-sender.js';
export type { ApiCall, ApiFailure } from './web-api/web-api.js';
export { Workspace } from './workspace.js';
export { bot as emulatedBot } from './workspace-seed.js';

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
  close(): Promise<void>;
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

/** Starts the local Slack: Web API at /api/, Events API sender, and the browser playground at /. */
export async function startSlackEmulator(options: SlackEmulatorOptions): Promise<SlackEmulator> {
  const now = options.now ?? Date.now;
  const logger = options.logger ?? createLogger({ level: 'silent' });
  const host = options.host ?? '127.0.0.1';
  const snapshot = (options.dataFile ? await loadSnapshot(options.dataFile) : undefined) ?? seedWorkspace();
  const workspace = new Workspace(snapshot, now);
  const persistence: Persistence | undefined = options.dataFile
    ? persistOnChange(workspace, options.dataFile, logger)
    : undefined;

  let eventsUrl: string | undefined;
  let baseUrl = '';
  const sender = new EventSender({
    signingSecret: options.signingSecret,
    eventsUrl: () => eventsUrl,
    now,
    logger,
    retryDelaysMs: options.eventRetryDelaysMs ?? [1000, 5000, 15000],
    timeoutMs: options.eventTimeoutMs ?? 3000,
  });
  const dispatcher = new EventDispatcher(workspace, sender, now);
  const files = new FileStore(options.dataFile ? `${options.dataFile}.files` : undefined);
  const webApi = new WebApi({
    workspace,
    botToken: options.botToken,
    baseUrl: () => baseUrl,
    activity: dispatcher,
    now,
    logger,
    extraMethods: fileMethods(files),
  });

  const postAsUser = async (input: PostInput) => {
    const stored = postAsPerson(workspace, input);
    return { ts: stored.message.ts, deliveries: await dispatcher.userPosted(stored) };
  };
  const editAsUser: SlackEmulator['editAsUser'] = (input) => {
    const { stored, previous } = editAsPerson(workspace, input);
    return dispatcher.userChanged(stored, previous);
  };
  const deleteAsUser: SlackEmulator['deleteAsUser'] = (input) =>
    dispatcher.userDeleted(input.channel, deleteAsPerson(workspace, input));

  const people: PeopleApi = {
    post: async (input) => ({ ts: (await postAsUser(input)).ts }),
    edit: async (input) => void (await editAsUser(input)),
    remove: async (input) => void (await deleteAsUser(input)),
  };
  const playground = new PlaygroundRoutes(workspace, people, logger);

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://emulator');
    if (url.pathname.startsWith('/api/')) {
      await webApi.handle(req, res, decodeURIComponent(url.pathname.slice('/api/'.length)), url.searchParams);
      return;
    }
    const upload = /^\/upload\/v1\/([^/]+)$/.exec(url.pathname);
    if (upload?.[1] && req.method === 'POST') return handleUpload(req, res, files, upload[1]);
    const download = /^\/files\/([^/]+)\/([^/]+)$/.exec(url.pathname);
    if (download?.[1] && download[2] && req.method === 'GET') {
      return handleDownload(res, files, download[1], decodeURIComponent(download[2]));
    }
    if (await playground.handle(req, res, url)) return;
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      logger.error({ err: error, url: req.url }, 'slack emulator: request failed');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('internal error');
    });
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    playground.close();
    await persistence?.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://${urlHost(host)}:${port}`;
  logger.info({ url: baseUrl }, 'slack emulator listening');

  return {
    url: baseUrl,
    apiUrl: `${baseUrl}/api/`,
    workspace,
    calls: webApi.calls,
    setEventsUrl(url) {
      eventsUrl = url;
    },
    postAsUser,
    editAsUser,
    deleteAsUser,
    deliver: (envelope, deliverOptions) => sender.deliver(envelope, deliverOptions),
    failNext: (method, failure, count) => webApi.failNext(method, failure, count),
    async close() {
      playground.close();
      await sender.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await persistence?.close();
    },
  };
}
