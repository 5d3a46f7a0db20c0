import { randomUUID } from 'node:crypto';
import type { Logger } from '../../log.js';
import { parseConverseRequest } from './converse-request.js';
import { type ReplyPlan, sendError, sendJson, sendStream } from './converse-responder.js';
import { type DualRequest, type DualResponse, listenDual } from './dual-protocol-server.js';
import { findInvokeModel, InvokeModelError } from './invoke-model.js';
import { createLocalEngine } from './local-engine.js';
import type { ReplyEngine } from './reply-engine.js';
import type { ScriptedReply } from './scripted-reply.js';

export type { ScriptedReply } from './scripted-reply.js';

export interface RecordedRequest {
  method: string;
  /** As sent, still URL-encoded. */
  path: string;
  /** Decoded from the path; undefined for unknown routes. */
  modelId: string | undefined;
  operation: 'converse' | 'converse-stream' | 'invoke' | undefined;
  /** Parsed JSON, or the raw text when it is not JSON. */
  body: unknown;
  /** Lower-cased, without `authorization` and HTTP/2 pseudo-headers. */
  headers: Record<string, string>;
  /** '1.1' or '2.0'. */
  httpVersion: string;
}

export interface LocalBedrock {
  /** e.g. http://127.0.0.1:4599, for AWS_ENDPOINT_URL_BEDROCK_RUNTIME. */
  endpoint: string;
  requests: RecordedRequest[];
  /** Queues a reply for the next converse / converse-stream request, overriding the engine. */
  script(next: ScriptedReply): void;
  close(): Promise<void>;
}

export interface LocalBedrockOptions {
  port?: number;
  host?: string;
  engine?: ReplyEngine;
  logger?: Logger;
  /** Oldest recorded requests are dropped beyond this many (default 1000). */
  maxRecorded?: number;
}

const route = /^\/model\/([^/]+)\/(converse|converse-stream|invoke)$/;

/** A wire-faithful Bedrock runtime endpoint (Converse, ConverseStream, InvokeModel) over HTTP/1.1 and h2c. */
export async function startLocalBedrock(options: LocalBedrockOptions = {}): Promise<LocalBedrock> {
  const host = options.host ?? '127.0.0.1';
  const engine = options.engine ?? createLocalEngine();
  const requests: RecordedRequest[] = [];
  const scripts: ScriptedReply[] = [];
  const logger = options.logger;
  const maxRecorded = options.maxRecorded ?? 1000;

  const handle = async (req: DualRequest, res: DualResponse): Promise<void> => {
    const requestId = randomUUID();
    const startedAt = performance.now();
    const text = await readBody(req);
    const [pathname = ''] = (req.url ?? '').split('?');
    const match = req.method === 'POST' ? route.exec(pathname) : null;
    const modelId = match?.[1] === undefined ? undefined : safeDecode(match[1]);
    const operation =
      match?.[2] === 'converse' || match?.[2] === 'converse-stream' || match?.[2] === 'invoke'
        ? match[2]
        : undefined;
    const body = parseJson(text);
    if (requests.length >= maxRecorded) requests.splice(0, requests.length - maxRecorded + 1);
    requests.push({
      method: req.method ?? '',
      path: req.url ?? '',
      modelId,
      operation,
      body,
      headers: recordableHeaders(req.headers),
      httpVersion: req.httpVersion,
    });
    logger?.debug(
      { method: req.method, path: req.url, model: modelId, http: req.httpVersion },
      'local bedrock request',
    );

    if (modelId === undefined || operation === undefined) {
      sendError(res, requestId, {
        status: 404,
        type: 'UnknownOperationException',
        message: `Unknown operation: ${req.method} ${pathname}`,
      });
      return;
    }
    if (operation === 'invoke') {
      await invoke(res, requestId, modelId, body);
      return;
    }
    const script = scripts.shift() ?? {};
    if (script.httpError) {
      sendError(res, requestId, script.httpError);
      return;
    }
    const parsed = parseConverseRequest(modelId, body);
    if (!parsed.ok) {
      sendError(res, requestId, parsed.error);
      return;
    }
    const abort = new AbortController();
    const request = { ...parsed.request, signal: abort.signal };
    const plan: ReplyPlan = {
      requestId,
      chunks: script.chunks ? fromArray(script.chunks) : engine(request),
      inputText: [request.system ?? '', ...request.messages.map((m) => m.text)].join(''),
      script,
      abort,
      startedAt,
      now: () => performance.now(),
    };
    await (operation === 'converse-stream' ? sendStream(res, plan) : sendJson(res, plan));
  };

  const server = await listenDual(
    (req, res) => {
      handle(req, res).catch((error: unknown) => {
        logger?.error({ err: error }, 'local bedrock failed to answer');
        try {
          if (!res.headersSent) {
            sendError(res, randomUUID(), {
              status: 500,
              type: 'InternalServerException',
              message: 'Internal error',
            });
          } else if (!res.writableEnded) {
            res.end();
          }
        } catch {
          // The client is already gone.
        }
      });
    },
    options.port ?? 0,
    host,
  );
  const reachableHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;

  return {
    endpoint: `http://${reachableHost}:${server.port}`,
    requests,
    script: (next) => {
      scripts.push(next);
    },
    close: () => server.close(),
  };
}

async function invoke(res: DualResponse, requestId: string, modelId: string, body: unknown): Promise<void> {
  const model = findInvokeModel(modelId);
  if (model === undefined) {
    sendError(res, requestId, {
      status: 400,
      type: 'ValidationException',
      message: `The provided model identifier is invalid: ${modelId}`,
    });
    return;
  }
  try {
    const answer = JSON.stringify(await model.invoke(modelId, body));
    res.writeHead(200, { 'content-type': 'application/json', 'x-amzn-requestid': requestId });
    res.end(answer);
  } catch (error) {
    if (!(error instanceof InvokeModelError)) throw error;
    sendError(res, requestId, { status: error.status, type: error.type, message: error.message });
  }
}

async function readBody(req: DualRequest): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of req) parts.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(parts).toString('utf8');
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function recordableHeaders(headers: DualRequest['headers']): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name.startsWith(':') || name === 'authorization' || value === undefined) continue;
    kept[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return kept;
}

async function* fromArray(chunks: string[]): AsyncGenerator<string> {
  yield* chunks;
}
