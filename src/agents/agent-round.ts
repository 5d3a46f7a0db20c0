import { startMeteredCall } from '../access/metered-call.js';
import type {
  AgentCitation,
  AgentFile,
  AgentTraceStep,
  InvocationResult,
  ReturnedInvocation,
} from '../bedrock/agent-parts.js';
import type { AgentInvocation } from '../bedrock/agent-runtime.js';
import { StrataError, toStrataError } from '../errors.js';
import type { Logger } from '../log.js';
import { describeInvocation } from './action-wording.js';
import { confirmationCard, turnControls } from './agent-blocks.js';
import type { AgentDeps } from './agent-deps.js';
import type { AgentSlack } from './agent-slack.js';
import { citationsMarkdown } from './citations.js';
import { runDelegated } from './delegated-call.js';
import { SLACK_CHANNEL_ATTRIBUTE, SLACK_USER_ATTRIBUTE } from './session-attributes.js';
import { confirmingStrataActions } from './strata-actions.js';

/** The session a round runs in, as Bedrock knows it. */
export interface RoundSession {
  channel: string;
  threadTs: string;
  agentId: string;
  aliasId: string;
  sessionId: string;
  generation: number;
}

export interface RoundContext {
  deps: AgentDeps;
  slack: AgentSlack;
  log: Logger;
  session: RoundSession;
  /** Whose message (or decision) this round answers. */
  user: string;
  teamId?: string | undefined;
  /** Rewrites a failure before it is shown (e.g. an invalid invocation id means the session expired). */
  explainFailure?: (error: StrataError) => StrataError;
}

export type RoundInput =
  | { inputText: string }
  | { returnControl: { invocationId: string; results: InvocationResult[] } };

export type RoundOutcome =
  | { kind: 'answered'; turn: string }
  | { kind: 'pending'; turn: string; confirmationId: string }
  | { kind: 'failed'; turn: string | undefined; error: StrataError };

const CONFIRMATION_LEAD = 'Before I go ahead, I need a confirmation. See below.';

/**
 * One answer from the agent, streamed into the thread through the shared reply writer. Functions the
 * agent hands to Strata without confirmation run at once (up to `maxRounds` round trips); a request
 * for confirmation ends the round with a Confirm / Deny card. Always ends with the answer, a visible
 * error, or the card, and the controls (Show steps, End session, Retry).
 */
export async function runRound(ctx: RoundContext, input: RoundInput): Promise<RoundOutcome> {
  const { deps, session, log } = ctx;
  const { agents } = deps;
  const startedAt = agents.now();
  const steps: AgentTraceStep[] = [];
  const citations: AgentCitation[] = [];
  const files: AgentFile[] = [];
  const usage = { inputTokens: 0, outputTokens: 0 };
  const recordCall = startMeteredCall(agents, {
    user: ctx.user,
    channel: session.channel,
    feature: 'agent',
    modelId: `agent/${session.agentId}/${session.aliasId}`,
  });
  let text = '';
  let pending: { invocationId: string; invocations: ReturnedInvocation[] } | undefined;
  let failure: StrataError | undefined;

  const reply = await deps.replies.start(
    {
      channel: session.channel,
      threadTs: session.threadTs,
      recipientUserId: ctx.user,
      recipientTeamId: ctx.teamId,
    },
    log,
  );
  let request: AgentInvocation = {
    agentId: session.agentId,
    aliasId: session.aliasId,
    sessionId: session.sessionId,
    sessionAttributes: { [SLACK_USER_ATTRIBUTE]: ctx.user, [SLACK_CHANNEL_ATTRIBUTE]: session.channel },
    ...('inputText' in input ? { inputText: input.inputText } : { returnControl: input.returnControl }),
  };
  try {
    for (let round = 1; ; round += 1) {
      let returned: { invocationId: string; invocations: ReturnedInvocation[] } | undefined;
      for await (const part of agents.runtime.invoke(request)) {
        if (part.type === 'text') {
          text += part.text;
          reply.append(part.text);
        } else if (part.type === 'trace') steps.push(part.step);
        else if (part.type === 'citations') citations.push(...part.citations);
        else if (part.type === 'files') files.push(...part.files);
        else if (part.type === 'usage') {
          usage.inputTokens += part.inputTokens;
          usage.outputTokens += part.outputTokens;
        } else {
          const invocations = part.invocations.map((i) => confirmingStrataActions(i, agents.actions));
          returned = { invocationId: part.invocationId, invocations };
        }
      }
      if (returned === undefined) break;
      if (returned.invocations.some((i) => i.mode !== 'run')) {
        pending = returned;
        break;
      }
      if (round >= agents.settings.maxRounds) {
        throw new StrataError('model_error', `agent returned control ${round} times in one answer`, {
          userMessage: `The agent kept handing actions back to Strata without answering, so Strata stopped after ${round} steps. Try rephrasing your request.`,
        });
      }
      const results = await Promise.all(returned.invocations.map((i) => runDelegated(ctx, i, 'run')));
      for (const result of results) steps.push({ kind: 'observation', source: 'action', text: result.body });
      request = { ...request, returnControl: { invocationId: returned.invocationId, results } };
    }
    const sources = citationsMarkdown(citations);
    if (sources !== '') reply.append(sources);
    if (pending && text.trim() === '') reply.append(CONFIRMATION_LEAD);
    await reply.finish();
  } catch (error) {
    const raw = toStrataError(error);
    failure = ctx.explainFailure ? ctx.explainFailure(raw) : raw;
    await reply.fail(failure);
  }
  // The answer's ts names its trace; if Slack never took the answer, any unique id will do.
  const turn = reply.ts ?? agents.newId();
  const latencyMs = agents.now() - startedAt;
  await afterAnswer(ctx, { turn, steps, files, record: () => recordCall(failure ?? 'ok', usage) });

  if (failure) {
    log.error(
      { err: failure, code: failure.code, retryable: failure.retryable, latency_ms: latencyMs },
      'agent answer failed',
    );
    await postControls(ctx, turn, steps.length, failure.retryable);
    return { kind: 'failed', turn, error: failure };
  }
  if (pending) {
    try {
      const confirmationId = await askForConfirmation(ctx, pending, turn);
      log.info({ latency_ms: latencyMs, confirmation: confirmationId }, 'agent asked for confirmation');
      return { kind: 'pending', turn, confirmationId };
    } catch (error) {
      const problem = toStrataError(error);
      log.error({ err: problem }, 'confirmation could not be offered');
      await postControls(ctx, turn, steps.length, true);
      return { kind: 'failed', turn, error: problem };
    }
  }
  log.info({ latency_ms: latencyMs, steps: steps.length, usage }, 'agent answered');
  await postControls(ctx, turn, steps.length, false);
  return { kind: 'answered', turn };
}

async function askForConfirmation(
  ctx: RoundContext,
  pending: { invocationId: string; invocations: ReturnedInvocation[] },
  turn: string,
): Promise<string> {
  const { agents } = ctx.deps;
  const { session } = ctx;
  const now = agents.now();
  const id = agents
    .newId()
    .replace(/[^A-Za-z0-9-]/g, '')
    .slice(0, 36);
  const key = { channel: session.channel, threadTs: session.threadTs, id };
  await agents.confirmations.create({
    ...key,
    agentId: session.agentId,
    aliasId: session.aliasId,
    sessionId: session.sessionId,
    generation: session.generation,
    requester: ctx.user,
    invocationId: pending.invocationId,
    invocations: pending.invocations,
    createdAt: now,
    deadline: now + agents.settings.sessionIdleMs,
  });
  const asked = pending.invocations.filter((i) => i.mode !== 'run');
  const card = confirmationCard(
    session,
    id,
    asked.map((i) => describeInvocation(i, agents.wordings)),
    {
      kind: 'pending',
      requester: ctx.user,
      expiresInMinutes: Math.round(agents.settings.sessionIdleMs / 60_000),
    },
    turn,
  );
  const cardTs = await ctx.slack.post(session.channel, session.threadTs, card);
  await agents.confirmations.setCard(key, cardTs);
  return id;
}

/** Best-effort bookkeeping after an answer: usage, the trace for Show steps, files. Failures are logged. */
async function afterAnswer(
  ctx: RoundContext,
  done: {
    turn: string;
    steps: AgentTraceStep[];
    files: AgentFile[];
    /** Records the answer as one model call (feature `agent`), failed ones included. */
    record: () => Promise<void>;
  },
): Promise<void> {
  const { agents } = ctx.deps;
  const { session, log } = ctx;
  const attempts: Array<[string, () => Promise<unknown>]> = [
    ['record usage', done.record],
    [
      'save trace',
      () => agents.traces.save({ ...session, turn: done.turn }, session.agentId, done.steps, agents.now()),
    ],
    ...done.files.map((file): [string, () => Promise<unknown>] => [
      `upload ${file.name}`,
      () => ctx.slack.upload(session.channel, session.threadTs, file),
    ]),
  ];
  for (const [what, run] of attempts) {
    try {
      await run();
    } catch (error) {
      log.warn({ err: error }, `agent bookkeeping failed: ${what}`);
    }
  }
}

async function postControls(
  ctx: RoundContext,
  turn: string,
  stepCount: number,
  retry: boolean,
): Promise<void> {
  const { session } = ctx;
  try {
    await ctx.slack.post(
      session.channel,
      session.threadTs,
      turnControls(session, turn, { agentLabel: `${session.agentId}/${session.aliasId}`, retry, stepCount }),
    );
  } catch (error) {
    ctx.log.warn({ err: error }, 'agent controls could not be posted');
  }
}
