import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../../log.js';
import { ControlError } from './control-error.js';
import type { ObjectStorage } from './customization-jobs.js';
import { createLocalControlPlane, type LocalControlPlane } from './local-control-plane.js';

export { LOCAL_FAIL_MARKER, type ObjectStorage } from './customization-jobs.js';

export interface ControlRequest {
  method: string;
  /** As sent, still URL-encoded. */
  path: string;
  body: unknown;
}

export interface LocalBedrockControl {
  /** e.g. http://127.0.0.1:4600, for AWS_ENDPOINT_URL_BEDROCK. */
  endpoint: string;
  requests: ControlRequest[];
  plane: LocalControlPlane;
  /** Holds every request until the returned function is called: a control plane as slow as a test needs. */
  hold(): () => void;
  close(): Promise<void>;
}

export interface LocalBedrockControlOptions {
  port?: number;
  host?: string;
  region?: string;
  /** InProgress → Completed takes this long on `now`'s clock (default 60 s). */
  jobDurationMs?: number;
  now?: () => number;
  /** Training data is read from and job output written to it (the local S3 in local mode). */
  storage: ObjectStorage;
  newId?: () => string;
  logger?: Logger;
}

type Route = (
  plane: LocalControlPlane,
  match: string[],
  query: URLSearchParams,
  body: unknown,
) => Promise<unknown> | unknown;

const routes: Array<{ method: string; path: RegExp; status: number; run: Route }> = [
  { method: 'GET', path: /^\/foundation-models$/, status: 200, run: (p, _m, q) => p.listFoundationModels(q) },
  {
    method: 'GET',
    path: /^\/foundation-models\/([^/]+)$/,
    status: 200,
    run: (p, [id = '']) => p.getFoundationModel(id),
  },
  {
    method: 'POST',
    path: /^\/model-customization-jobs$/,
    status: 201,
    run: (p, _m, _q, body) => p.createJob(body),
  },
  { method: 'GET', path: /^\/model-customization-jobs$/, status: 200, run: (p, _m, q) => p.listJobs(q) },
  {
    method: 'GET',
    path: /^\/model-customization-jobs\/([^/]+)$/,
    status: 200,
    run: (p, [id = '']) => p.getJob(id),
  },
  {
    method: 'POST',
    path: /^\/model-customization-jobs\/([^/]+)\/stop$/,
    status: 200,
    run: (p, [id = '']) => p.stopJob(id),
  },
  { method: 'GET', path: /^\/custom-models$/, status: 200, run: (p) => p.listCustomModels() },
  {
    method: 'POST',
    path: /^\/model-customization\/custom-model-deployments$/,
    status: 202,
    run: (p, _m, _q, body) => p.deployments.create(body),
  },
  {
    method: 'GET',
    path: /^\/model-customization\/custom-model-deployments$/,
    status: 200,
    run: (p, _m, q) => p.deployments.list(q),
  },
  {
    method: 'GET',
    path: /^\/provisioned-model-throughputs$/,
    status: 200,
    run: (p, _m, q) => p.deployments.listProvisioned(q),
  },
];

/**
 * The Bedrock control plane (REST JSON over HTTP/1.1, as @aws-sdk/client-bedrock speaks it): the model
 * catalog and model customization jobs that progress on an injectable clock.
 */
export async function startLocalBedrockControl(
  options: LocalBedrockControlOptions,
): Promise<LocalBedrockControl> {
  const plane = createLocalControlPlane({
    region: options.region ?? 'us-east-1',
    accountId: '123456789012',
    jobDurationMs: options.jobDurationMs ?? 60_000,
    now: options.now ?? Date.now,
    storage: options.storage,
    ...(options.newId ? { newId: options.newId } : {}),
    onOutputError: (job, error) =>
      options.logger?.warn(
        { err: error, job: job.name, output: job.outputDataUri },
        'local job output could not be written',
      ),
  });
  const requests: ControlRequest[] = [];
  let held: { until: Promise<void>; release: () => void } | undefined;
  const hold = () => {
    if (!held) {
      let release = () => {};
      const until = new Promise<void>((resolve) => {
        release = resolve;
      });
      held = { until, release };
    }
    const current = held;
    return () => {
      if (held === current) held = undefined;
      current.release();
    };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const requestId = randomUUID();
    const url = new URL(req.url ?? '/', 'http://local');
    const text = await readBody(req);
    const body = text === '' ? undefined : safeJson(text);
    requests.push({ method: req.method ?? '', path: req.url ?? '', body });
    if (requests.length > 1000) requests.shift();
    options.logger?.debug({ method: req.method, path: url.pathname }, 'local bedrock control request');
    if (held) await held.until;
    try {
      if (body === INVALID)
        throw new ControlError(400, 'SerializationException', 'Request body is not valid JSON.');
      for (const route of routes) {
        const match = route.path.exec(url.pathname);
        if (!match || route.method !== req.method) continue;
        const labels = match.slice(1).map((segment) => decodeURIComponent(segment));
        const answer = await route.run(plane, labels, url.searchParams, body);
        send(res, requestId, route.status, answer);
        return;
      }
      throw new ControlError(
        404,
        'UnknownOperationException',
        `Unknown operation: ${req.method} ${url.pathname}`,
      );
    } catch (error) {
      if (!(error instanceof ControlError)) throw error;
      res.setHeader('x-amzn-errortype', error.type);
      send(res, requestId, error.status, { message: error.message });
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      options.logger?.error({ err: error }, 'local bedrock control failed to answer');
      if (!res.headersSent) {
        res.setHeader('x-amzn-errortype', 'InternalServerException');
        send(res, randomUUID(), 500, { message: 'Internal error' });
      } else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host === undefined || options.host === '0.0.0.0' ? '127.0.0.1' : options.host;

  return {
    endpoint: `http://${host}:${port}`,
    requests,
    plane,
    hold,
    close: () =>
      new Promise<void>((resolve) => {
        held?.release();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const INVALID = Symbol('invalid json');

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return INVALID;
  }
}

function send(res: ServerResponse, requestId: string, status: number, body: unknown): void {
  const payload = JSON.stringify(body ?? {});
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(payload),
    'x-amzn-requestid': requestId,
  });
  res.end(payload);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of req) parts.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(parts).toString('utf8');
}
