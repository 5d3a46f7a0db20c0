import { StrataError } from '../errors.js';
import type { AgentServices } from './agent-deps.js';

/** Bedrock agent and alias ids: ten upper-case letters or digits (`TSTALIASID` is the draft alias). */
const AGENT_ID = /^[0-9A-Z]{10}$/;

export interface UseAgentInput {
  channel: string;
  user: string;
  agentId: string;
  aliasId: string;
  mentions: boolean;
}

/** An admin chose the channel's agent. Validated, stored and audited. */
export async function useAgent(agents: AgentServices, input: UseAgentInput): Promise<string> {
  const problems = [
    AGENT_ID.test(input.agentId)
      ? ''
      : `\`${clean(input.agentId)}\` is not an agent id (10 letters or digits, e.g. \`AB12CD34EF\`)`,
    AGENT_ID.test(input.aliasId)
      ? ''
      : `\`${clean(input.aliasId)}\` is not an alias id (10 letters or digits; \`TSTALIASID\` is the draft alias)`,
  ].filter(Boolean);
  if (problems.length > 0) {
    throw new StrataError('bad_input', problems.join('; '), { userMessage: `${problems.join('. ')}.` });
  }
  const now = agents.now();
  await agents.channels.put(input.channel, {
    agentId: input.agentId,
    aliasId: input.aliasId,
    mentions: input.mentions,
    updatedBy: input.user,
    updatedAt: now,
  });
  await agents.audit.record({
    actor: input.user,
    action: 'agent.channel.set',
    channel: input.channel,
    parameters: { agentId: input.agentId, aliasId: input.aliasId, mentions: input.mentions },
    outcome: 'ok',
  });
  return (
    `:white_check_mark: This channel now uses agent \`${input.agentId}\` (alias \`${input.aliasId}\`). ` +
    (input.mentions
      ? 'Mentions of Strata here start agent sessions.'
      : 'Start a session with `/agent <request>`; mentions still go to chat.')
  );
}

export async function resetAgent(agents: AgentServices, channel: string, user: string): Promise<string> {
  await agents.channels.clear(channel);
  await agents.audit.record({
    actor: user,
    action: 'agent.channel.reset',
    channel,
    parameters: {},
    outcome: 'ok',
  });
  const fallback = agents.settings.defaultAgent;
  return fallback
    ? `:white_check_mark: This channel is back on the default agent \`${fallback.agentId}\` (alias \`${fallback.aliasId}\`).`
    : ':white_check_mark: This channel no longer has an agent of its own, and there is no default agent.';
}

/** `/agent status`: which agent serves the channel, and whether mentions go to it. */
export async function describeChannelAgent(agents: AgentServices, channel: string): Promise<string> {
  const configured = await agents.channels.get(channel);
  if (configured) {
    return `This channel uses agent \`${configured.agentId}\` (alias \`${configured.aliasId}\`), chosen by <@${configured.updatedBy}>. Mentions ${configured.mentions ? 'start agent sessions' : 'go to chat'}.`;
  }
  const fallback = agents.settings.defaultAgent;
  return fallback
    ? `This channel uses the default agent \`${fallback.agentId}\` (alias \`${fallback.aliasId}\`). Mentions go to chat.`
    : 'No agent is set up for this channel. A Strata admin can choose one with `/agent use <agent-id> <alias-id>`.';
}

function clean(text: string): string {
  return text.replace(/[`<>&]/g, '').slice(0, 40);
}
