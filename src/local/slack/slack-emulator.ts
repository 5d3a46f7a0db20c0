import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger } from '../../log.js';
import type { EphemeralView, SlackEmulator, SlackEmulatorOptions } from './emulator-types.js';
import { EventDispatcher } from './events/event-dispatcher.js';
import { EventSender } from './events/event-sender.js';
import { handleDownload, handleUpload } from './files/file-routes.js';
import { FileStore } from './files/file-store.js';
import { Interactions } from './interactivity/interactions.js';
import { ResponseUrls } from './interactivity/response-urls.js';
import { Triggers } from './interactivity/triggers.js';
import { ViewStore } from './interactivity/view-store.js';
import { readSlashCommands } from './manifest-commands.js';
import { deleteAsPerson, editAsPerson, type PostInput, postAsPerson } from './people-actions.js';
import { shareFileAsPerson } from './people-files.js';
import { type PeopleApi, PlaygroundRoutes } from './playground-server/playground-routes.js';
import { fileMethods } from './web-api/file-methods.js';
import type { RateLimits } from './web-api/rate-limits.js';
import { readBody } from './web-api/request-body.js';
import { userMethods } from './web-api/user-methods.js';
import { viewMethods } from './web-api/view-methods.js';
import { WebApi } from './web-api/web-api.js';
import { Workspace } from './workspace.js';
import { loadSnapshot, type Persistence, persistOnChange } from './workspace-file.js';
import { seedUsergroups, seedWorkspace } from './workspace-seed.js';

export type { EphemeralView, SlackEmulator, SlackEmulatorOptions } from './emulator-types.js';
export type { Delivery } from './events/event-sender.js';
export type { ClickInput, CommandInput, PostResult, SubmitInput } from './interactivity/interactions.js';
export type { ShareFileInput } from './people-files.js';
export { SlackApiError } from './web-api/api-error.js';
export type { RateLimitRule, RateLimits } from './web-api/rate-limits.js';
export { defaultRateLimits, tiers as rateLimitTiers } from './web-api/rate-limits.js';
export type { ApiCall, ApiFailure } from './web-api/web-api.js';
export { Workspace } from './workspace.js';
export { bot as emulatedBot } from './workspace-seed.js';

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
  const views = new ViewStore(now);
  const triggers = new Triggers(now);
  const webApi = new WebApi({
    workspace,
    botToken: options.botToken,
    baseUrl: () => baseUrl,
    activity: dispatcher,
    now,
    logger,
    extraMethods: {
      ...fileMethods(files, now),
      ...userMethods(seedUsergroups(), now),
      ...viewMethods(views, triggers),
    },
    rateLimits: rateLimitsOf(options.rateLimits),
  });
  const interactions = new Interactions({
    workspace,
    activity: dispatcher,
    views,
    triggers,
    responseUrls: new ResponseUrls(now),
    signingSecret: options.signingSecret,
    eventsUrl: () => eventsUrl,
    baseUrl: () => baseUrl,
    now,
    timeoutMs: options.eventTimeoutMs ?? 3000,
    logger,
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
  const uploadFile: SlackEmulator['uploadFile'] = async (input) => {
    const stored = await shareFileAsPerson(workspace, files, input, { baseUrl, nowMs: now() });
    const deliveries = await dispatcher.userSharedFile(stored);
    return { ts: stored.message.ts, fileId: stored.message.files?.[0]?.id ?? '', deliveries };
  };

  const manifestPath = options.manifestPath ?? 'manifest.json';
  const people: PeopleApi = {
    post: async (input) => ({ ts: (await postAsUser(input)).ts }),
    edit: async (input) => void (await editAsUser(input)),
    remove: async (input) => void (await deleteAsUser(input)),
    command: (input) => interactions.runCommand(input),
    click: (input) => interactions.clickButton(input),
    submit: (input) => interactions.submitView(input),
    closeView: (input) => interactions.closeView(input.user, input.viewId),
    upload: async (input) => ({ ts: (await uploadFile(input)).ts }),
    commands: () => readSlashCommands(manifestPath, logger),
  };
  const session = randomBytes(16).toString('hex');
  const playground = new PlaygroundRoutes({ workspace, views, people, logger, session });
  const canDownload = (req: IncomingMessage) =>
    req.headers.authorization === `Bearer ${options.botToken}` || hasSession(req, session);

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://emulator');
    if (url.pathname.startsWith('/api/')) {
      await webApi.handle(req, res, decodeURIComponent(url.pathname.slice('/api/'.length)), url.searchParams);
      return;
    }
    const upload = /^\/upload\/v1\/([^/]+)$/.exec(url.pathname);
    if (upload?.[1] && req.method === 'POST') return handleUpload(req, res, files, upload[1]);
    const download = /^\/files\/([^/]+)\/(download\/)?([^/]+)$/.exec(url.pathname);
    if (download?.[1] && download[3] && req.method === 'GET') {
      return handleDownload(res, files, {
        id: download[1],
        name: decodeURIComponent(download[3]),
        download: download[2] !== undefined,
        authorized: canDownload(req),
      });
    }
    const response = /^\/response\/([0-9a-f]+)$/.exec(url.pathname);
    if (response?.[1] && req.method === 'POST') {
      const answer = interactions.respond(response[1], (await readBody(req, 1024 * 1024)).toString('utf8'));
      const type = answer.status === 200 ? 'application/json' : 'text/plain';
      res.writeHead(answer.status, { 'content-type': type }).end(answer.body);
      return;
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
    rateLimited: webApi.rateLimited,
    setRateLimits: (limits) => webApi.setRateLimits(rateLimitsOf(limits)),
    runCommand: (input) => interactions.runCommand(input),
    clickButton: (input) => interactions.clickButton(input),
    submitView: (input) => interactions.submitView(input),
    closeView: (input) => interactions.closeView(input.user, input.viewId),
    uploadFile,
    ephemerals: (user, channel) => ephemeralsOf(workspace, user, channel),
    openViews: (user) =>
      views.stack(user).map(({ id, view, errors }) => ({ id, view, ...(errors ? { errors } : {}) })),
    fileContent: (fileId) => files.getSync(fileId),
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

function rateLimitsOf(option: RateLimits | boolean | undefined): RateLimits | false {
  if (option === undefined || option === false) return false;
  return option === true ? {} : option;
}

function hasSession(req: IncomingMessage, session: string): boolean {
  const cookies = req.headers.cookie ?? '';
  return cookies.split(';').some((c) => c.trim() === `strata_playground=${session}`);
}

function ephemeralsOf(workspace: Workspace, user: string, channel?: string): EphemeralView[] {
  const channels = channel === undefined ? workspace.channels.map((c) => c.id) : [channel];
  return channels
    .flatMap((id) => workspace.messages(id).filter((s) => s.ephemeralUser === user))
    .map(({ channel: id, message }) => ({
      ts: message.ts,
      channel: id,
      text: message.text,
      ...(message.blocks ? { blocks: message.blocks } : {}),
      ...(message.thread_ts ? { thread_ts: message.thread_ts } : {}),
    }));
}
