import { accessRefusal } from '../access/metered-call.js';
import { escapeMrkdwn } from '../slack/mrkdwn.js';
import type { AgentServices } from './agent-deps.js';
import type { AgentJob } from './agent-jobs.js';
import type { AgentSlack } from './agent-slack.js';
import { describeChannelAgent, resetAgent, useAgent } from './channel-admin.js';

/** `/agent …` parsed: what the person wants, or why it could not be understood. */
export type AgentCommand =
  | { kind: 'help' }
  | { kind: 'ask'; text: string }
  | { kind: 'end' }
  | { kind: 'status' }
  | { kind: 'use'; agentId: string; aliasId: string; mentions: boolean }
  | { kind: 'reset' }
  | { kind: 'bad'; problem: string };

export const AGENT_USAGE = [
  '*Usage*',
  '• `/agent <request>`: start an agent session in a new thread, e.g. `/agent where is order 1042?`. Reply in the thread to continue.',
  '• `/agent end`: end your latest agent session in this channel (or press *End session* in its thread).',
  '• `/agent status`: which agent this channel uses.',
  '• `/agent use <agent-id> <alias-id> [mentions]`: admins: choose this channel’s agent; with `mentions`, mentions of Strata here start agent sessions.',
  '• `/agent use default`: admins: go back to the default agent.',
].join('\n');

const MAX_REQUEST = 4_000;

export function parseAgentCommand(raw: string): AgentCommand {
  const text = raw.trim();
  const [first = '', ...rest] = text.split(/\s+/);
  const word = first.toLowerCase();
  if (text === '' || word === 'help') return { kind: 'help' };
  if (rest.length === 0 && (word === 'end' || word === 'stop')) return { kind: 'end' };
  if (rest.length === 0 && word === 'status') return { kind: 'status' };
  // `use` followed by an agent id (or `default`) configures the channel; otherwise it is a request.
  if (word === 'use' && (/^[0-9A-Z]{10}$/.test(rest[0] ?? '') || rest[0]?.toLowerCase() === 'default')) {
    const [agentId, aliasId, flag, ...extra] = rest;
    if (agentId?.toLowerCase() === 'default' && aliasId === undefined) return { kind: 'reset' };
    if (
      agentId === undefined ||
      aliasId === undefined ||
      extra.length > 0 ||
      (flag !== undefined && flag.toLowerCase() !== 'mentions')
    ) {
      return {
        kind: 'bad',
        problem:
          '`/agent use` takes an agent id, an alias id and optionally `mentions`, e.g. `/agent use AB12CD34EF TSTALIASID mentions`.',
      };
    }
    return { kind: 'use', agentId, aliasId, mentions: flag !== undefined };
  }
  if (text.length > MAX_REQUEST) {
    return {
      kind: 'bad',
      problem: `That request is ${text.length} characters long; keep it under ${MAX_REQUEST}.`,
    };
  }
  return { kind: 'ask', text };
}

export interface AgentCommandInput {
  channel: string;
  user: string;
  text: string;
  teamId: string | undefined;
  /** Unique per command invocation; names the turn. */
  triggerId: string;
}

export interface AgentCommandDeps {
  agents: AgentServices;
  slack: AgentSlack;
  isAdmin: (user: string) => Promise<boolean>;
  enqueue: (job: AgentJob) => Promise<void>;
}

/** Runs `/agent …`; returns what only the person who ran it should read, if anything. */
export async function runAgentCommand(
  deps: AgentCommandDeps,
  input: AgentCommandInput,
): Promise<string | undefined> {
  const { agents } = deps;
  const { channel, user } = input;
  const parsed = parseAgentCommand(input.text);
  switch (parsed.kind) {
    case 'help':
      return AGENT_USAGE;
    case 'bad':
      return `${parsed.problem}\n\n${AGENT_USAGE}`;
    case 'status':
      return describeChannelAgent(agents, channel);
    case 'end': {
      const threadTs = await agents.sessions.latest(channel, user);
      if (threadTs === undefined) return 'You have no agent session in this channel.';
      await deps.enqueue({ kind: 'agent-end', channel, threadTs, user, isAdmin: await deps.isAdmin(user) });
      return undefined;
    }
    case 'use':
    case 'reset':
      if (!(await deps.isAdmin(user))) {
        await agents.audit.record({
          actor: user,
          action: 'agent.channel.set',
          channel,
          outcome: 'denied',
          detail: 'not an admin',
        });
        return ':lock: Only Strata admins can choose the agent of a channel.';
      }
      return parsed.kind === 'use'
        ? useAgent(agents, { channel, user, ...parsed })
        : resetAgent(agents, channel, user);
    case 'ask': {
      // Before the thread opens: a refused request leaves nothing in the channel.
      const refusal = await accessRefusal(agents, { user, channel, feature: 'agent' });
      if (refusal) return refusal.toSlackText();
      const quoted = escapeMrkdwn(parsed.text).replace(/\n/g, '\n>');
      const threadTs = await deps.slack.start(
        channel,
        `:robot_face: <@${user}> asked the agent:\n>${quoted}`,
      );
      await deps.enqueue({
        kind: 'agent-turn',
        eventId: `command:${input.triggerId}`,
        channel,
        threadTs,
        messageTs: threadTs,
        user,
        text: parsed.text,
        teamId: input.teamId,
        start: true,
      });
      return undefined;
    }
  }
}
