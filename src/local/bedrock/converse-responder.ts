import { setTimeout as sleep } from 'node:timers/promises';
import type { BedrockHttpError } from './converse-request.js';
import type { DualResponse } from './dual-protocol-server.js';
import { eventFrame, exceptionFrame } from './event-stream-frames.js';
import type { ScriptedReply } from './scripted-reply.js';

/** Everything needed to answer one Converse / ConverseStream call. */
export interface ReplyPlan {
  requestId: string;
  chunks: AsyncIterable<string>;
  /** Text the request carried, for the input-token estimate. */
  inputText: string;
  script: ScriptedReply;
  /** Aborted when the client goes away; stops the engine. */
  abort: AbortController;
  startedAt: number;
  now: () => number;
}

export const estimateTokens = (text: string): number => Math.ceil(text.length / 4);

export function sendError(res: DualResponse, requestId: string, error: BedrockHttpError): void {
  res.writeHead(error.status, {
    'content-type': 'application/json',
    'x-amzn-errortype': error.type,
    'x-amzn-requestid': requestId,
  });
  res.end(JSON.stringify({ message: error.message }));
}

/** ConverseStream: 200 + event-stream frames, with the script's faults (errors, stalls, delays) applied. */
export async function sendStream(res: DualResponse, plan: ReplyPlan): Promise<void> {
  const { script, abort } = plan;
  res.on('close', () => abort.abort());
  res.writeHead(200, {
    'content-type': 'application/vnd.amazon.eventstream',
    'x-amzn-requestid': plan.requestId,
  });
  res.write(eventFrame('messageStart', { role: 'assistant' }));

  let sent = 0;
  let output = '';
  /** True when the script says to stop here (error frame sent, or stalled until the client leaves). */
  const faultAt = async (count: number): Promise<boolean> => {
    if (script.streamError && script.streamError.afterChunks <= count) {
      res.write(exceptionFrame(script.streamError.type, { message: script.streamError.message }));
      res.end();
      return true;
    }
    if (script.stallAfterChunks !== undefined && script.stallAfterChunks <= count) {
      if (!abort.signal.aborted)
        await new Promise((resolve) => abort.signal.addEventListener('abort', resolve));
      return true;
    }
    return false;
  };

  try {
    for await (const chunk of plan.chunks) {
      if (abort.signal.aborted || (await faultAt(sent))) return;
      if (script.delayMs) await sleep(script.delayMs, undefined, { signal: abort.signal });
      res.write(eventFrame('contentBlockDelta', { contentBlockIndex: 0, delta: { text: chunk } }));
      sent += 1;
      output += chunk;
    }
  } catch (error) {
    if (abort.signal.aborted) return;
    const message = error instanceof Error ? error.message : String(error);
    res.write(
      exceptionFrame('modelStreamErrorException', { message: `The local reply engine failed: ${message}` }),
    );
    res.end();
    return;
  }
  if (abort.signal.aborted || (await faultAt(sent))) return;

  res.write(eventFrame('contentBlockStop', { contentBlockIndex: 0 }));
  res.write(eventFrame('messageStop', { stopReason: script.stopReason ?? 'end_turn' }));
  res.write(
    eventFrame('metadata', {
      usage: usageFor(plan, output),
      metrics: { latencyMs: Math.max(0, Math.round(plan.now() - plan.startedAt)) },
    }),
  );
  res.end();
}

/** Converse: the whole reply as one JSON document. Stream faults become the matching HTTP error. */
export async function sendJson(res: DualResponse, plan: ReplyPlan): Promise<void> {
  const { script, abort } = plan;
  res.on('close', () => abort.abort());
  let output = '';
  try {
    for await (const chunk of plan.chunks) {
      if (abort.signal.aborted) return;
      if (script.delayMs) await sleep(script.delayMs, undefined, { signal: abort.signal });
      output += chunk;
    }
  } catch (error) {
    if (abort.signal.aborted) return;
    const message = error instanceof Error ? error.message : String(error);
    sendError(res, plan.requestId, {
      status: 424,
      type: 'ModelErrorException',
      message: `The local reply engine failed: ${message}`,
    });
    return;
  }
  if (script.stallAfterChunks !== undefined) {
    if (!abort.signal.aborted)
      await new Promise((resolve) => abort.signal.addEventListener('abort', resolve));
    return;
  }
  if (script.streamError) {
    const type = script.streamError.type.replace(/^./, (c) => c.toUpperCase());
    sendError(res, plan.requestId, { status: statusOf(type), type, message: script.streamError.message });
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json', 'x-amzn-requestid': plan.requestId });
  res.end(
    JSON.stringify({
      output: { message: { role: 'assistant', content: [{ text: output }] } },
      stopReason: script.stopReason ?? 'end_turn',
      usage: usageFor(plan, output),
      metrics: { latencyMs: Math.max(0, Math.round(plan.now() - plan.startedAt)) },
    }),
  );
}

function usageFor(plan: ReplyPlan, output: string) {
  const inputTokens = plan.script.usage?.inputTokens ?? estimateTokens(plan.inputText);
  const outputTokens = plan.script.usage?.outputTokens ?? estimateTokens(output);
  return {
    inputTokens,
    outputTokens,
    totalTokens: plan.script.usage?.totalTokens ?? inputTokens + outputTokens,
  };
}

function statusOf(type: string): number {
  switch (type) {
    case 'ThrottlingException':
      return 429;
    case 'ValidationException':
      return 400;
    case 'ServiceUnavailableException':
      return 503;
    case 'InternalServerException':
      return 500;
    default:
      return 424;
  }
}
