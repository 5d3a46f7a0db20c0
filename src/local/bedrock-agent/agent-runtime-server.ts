import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../../log.js';
import { sendError } from '../bedrock/converse-responder.js';
import { type DualRequest, type DualResponse, listenDual } from '../bedrock/dual-protocol-server.js';
import { type AgentExceptionType, agentEventFrame, agentExceptionFrame, chunkFrame } from './agent-frames.js';
import { type AgentEvent, createOrchestrator, type LocalAgent } from './agent-orchestrator.js';
import { AgentRequestError, invokeAgentBodySchema } from './invoke-agent-request.js';
import type { LambdaCall } from './local-lambda.js';

export type { LocalAgent } from './agent-orchestrator.js';

export interface RecordedAgentRequest {
  agentId: string;
  aliasId: string;
  sessionId: string;
  /** Parsed JSON body. */
  body: unknown;
  httpVersion: string;
}

/** A fault for the next InvokeAgent request, for tests of error paths. */
export type AgentFault =
  | { httpError: { status: number; type: string; message: string } }
  | { streamError: { type: AgentExceptionType; message: string; afterEvents: number } }
  /** Sends this many events, then goes silent until the client gives up. */
  | { stallAfterEvents: number };

export interface LocalAgentRuntime {
  /** For AWS_ENDPOINT_URL_BEDROCK_AGENT_RUNTIME. */
  endpoint: string;
  requests: RecordedAgentRequest[];
  /** Every action group Lambda call the runtime made, in order. */
  calls: LambdaCall[];
  script(fault: AgentFault): void;
  /** Adds an agent (local mode prepares its tables after the endpoint is known). */
  serve(agent: LocalAgent): void;
  close(): Promise<void>;
}

export interface LocalAgentRuntimeOptions {
  agents?: LocalAgent[];
  port?: number;
  host?: string;
  logger?: Logger;
  /** Delay between answer chunks, so streaming is visible in the playground. */
  chunkDelayMs?: number;
  now?: () => number;
  newId?: () => string;
}

const route = /^\/agents\/([^/]+)\/agentAliases\/([^/]+)\/sessions\/([^/]+)\/text$/;
const MAX_RECORDED = 500;

/**
 * A local Bedrock Agent Runtime: InvokeAgent over h2c and HTTP/1.1 with the real event-stream wire
 * format (chunk, trace, returnControl, exceptions), orchestrating the agents' own Lambda handler code.
 */
export async function startLocalAgentRuntime(options: LocalAgentRuntimeOptions): Promise<LocalAgentRuntime> {
  const requests: RecordedAgentRequest[] = [];
  const calls: LambdaCall[] = [];
  const faults: AgentFault[] = [];
  const agents = new Map((options.agents ?? []).map((a) => [a.agentId, a]));
  const now = options.now ?? Date.now;
  const orchestrator = createOrchestrator({
    now,
    newId: options.newId ?? randomUUID,
    calls,
  });
  const logger = options.logger;

  const handle = async (req: DualRequest, res: DualResponse): Promise<void> => {
    const requestId = randomUUID();
    const text = await readBody(req);
    const [pathname = ''] = (req.url ?? '').split('?');
    const match = req.method === 'POST' ? route.exec(pathname) : null;
    if (match === null) {
      sendError(res, requestId, {
        status: 404,
        type: 'UnknownOperationException',
        message: `Unknown operation: ${req.method} ${pathname}`,
      });
      return;
    }
    const [agentId, aliasId, sessionId] = match.slice(1).map((s) => decodeURIComponent(s ?? ''));
    const body = parseJson(text);
    if (requests.length >= MAX_RECORDED) requests.shift();
    requests.push({
      agentId: agentId ?? '',
      aliasId: aliasId ?? '',
      sessionId: sessionId ?? '',
      body,
      httpVersion: req.httpVersion,
    });
    logger?.debug({ agent_id: agentId, session_id: sessionId, http: req.httpVersion }, 'local agent request');

    const agent = agents.get(agentId ?? '');
    if (agent === undefined) {
      sendError(res, requestId, {
        status: 404,
        type: 'ResourceNotFoundException',
        message: `Agent ${agentId} not found.`,
      });
      return;
    }
    const fault = faults.shift();
    if (fault && 'httpError' in fault) {
      sendError(res, requestId, fault.httpError);
      return;
    }
    const parsed = invokeAgentBodySchema.safeParse(body);
    if (!parsed.success || !/^[0-9a-zA-Z._:-]{2,100}$/.test(sessionId ?? '')) {
      const problem = parsed.success
        ? `sessionId ${sessionId} is not valid`
        : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      sendError(res, requestId, { status: 400, type: 'ValidationException', message: problem });
      return;
    }
    let events: AsyncGenerator<AgentEvent>;
    try {
      events = orchestrator.prepare(agent, aliasId ?? '', sessionId ?? '', parsed.data);
    } catch (error) {
      if (!(error instanceof AgentRequestError)) throw error;
      sendError(res, requestId, { status: error.status, type: error.type, message: error.message });
      return;
    }
    let closed = false;
    res.on('close', () => {
      closed = true;
    });
    res.writeHead(200, {
      'content-type': 'application/vnd.amazon.eventstream',
      'x-amzn-requestid': requestId,
      'x-amzn-bedrock-agent-content-type': 'application/json',
      'x-amz-bedrock-agent-session-id': sessionId ?? '',
    });
    const streamError = fault && 'streamError' in fault ? fault.streamError : undefined;
    const stallAt = fault && 'stallAfterEvents' in fault ? fault.stallAfterEvents : undefined;
    const ids = { agentId: agent.agentId, aliasId: aliasId ?? '', sessionId: sessionId ?? '', now };
    let sent = 0;
    for await (const event of events) {
      if (closed) return;
      if (streamError && sent >= streamError.afterEvents) break;
      if (stallAt !== undefined && sent >= stallAt) {
        await new Promise<void>((resolve) => res.on('close', resolve));
        return;
      }
      if (event.type === 'chunk' && options.chunkDelayMs) await sleep(options.chunkDelayMs);
      res.write(frameOf(event, ids));
      sent += 1;
      if (event.type === 'exception') break;
    }
    if (streamError && !closed) res.write(agentExceptionFrame(streamError.type, streamError.message));
    res.end();
  };

  const server = await listenDual(
    (req, res) => {
      handle(req, res).catch((error: unknown) => {
        logger?.error({ err: error }, 'local agent runtime failed to answer');
        try {
          if (!res.headersSent) {
            sendError(res, randomUUID(), {
              status: 500,
              type: 'InternalServerException',
              message: 'Internal error',
            });
          } else if (!res.writableEnded) {
            res.write(agentExceptionFrame('internalServerException', 'The local agent runtime failed.'));
            res.end();
          }
        } catch {
          // The client is already gone.
        }
      });
    },
    options.port ?? 0,
    options.host ?? '127.0.0.1',
  );
  const host = options.host === undefined || options.host === '0.0.0.0' ? '127.0.0.1' : options.host;
  return {
    endpoint: `http://${host}:${server.port}`,
    requests,
    calls,
    script: (fault) => {
      faults.push(fault);
    },
    serve: (agent) => {
      agents.set(agent.agentId, agent);
    },
    close: () => server.close(),
  };
}

function frameOf(
  event: AgentEvent,
  ids: { agentId: string; aliasId: string; sessionId: string; now: () => number },
): Uint8Array {
  switch (event.type) {
    case 'chunk':
      return chunkFrame(event.text);
    case 'trace':
      return agentEventFrame('trace', {
        agentId: ids.agentId,
        agentAliasId: ids.aliasId,
        agentVersion: 'DRAFT',
        sessionId: ids.sessionId,
        eventTime: new Date(ids.now()).toISOString(),
        trace: event.trace,
      });
    case 'returnControl':
      return agentEventFrame('returnControl', event.payload);
    case 'exception':
      return agentExceptionFrame(event.exceptionType, event.message);
  }
}

async function readBody(req: DualRequest): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of req) parts.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(parts).toString('utf8');
}

function parseJson(text: string): unknown {
  if (text === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
