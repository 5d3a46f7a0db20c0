import { joinedChannel } from './channel-access.js';
import type { MethodHandler } from './method-context.js';
import { optionalString, requiredString } from './params.js';

const setStatus: MethodHandler = (params, ctx) => {
  const channel = joinedChannel(ctx.workspace, optionalString(params, 'channel_id'));
  const threadTs = requiredString(params, 'thread_ts');
  const status = optionalString(params, 'status');
  if (status === undefined) requiredString(params, 'status');
  ctx.workspace.setStatus(channel.id, threadTs, status ?? '');
  return {};
};

/** Accepted and validated, but not shown by the playground. */
const acceptInThread: MethodHandler = (params, ctx) => {
  joinedChannel(ctx.workspace, optionalString(params, 'channel_id'));
  return {};
};

export const assistantMethods: Record<string, MethodHandler> = {
  'assistant.threads.setStatus': setStatus,
  'assistant.threads.setTitle': acceptInThread,
  'assistant.threads.setSuggestedPrompts': acceptInThread,
};
