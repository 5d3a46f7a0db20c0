import { z } from 'zod';

/** Block action ids of agent messages. */
export const AGENT_ACTIONS = {
  confirm: 'strata_agent_confirm',
  deny: 'strata_agent_deny',
  steps: 'strata_agent_steps',
  end: 'strata_agent_end',
  retry: 'strata_agent_retry',
} as const;

/** What an agent button carries: the thread, and the confirmation id or answer ts it is about. */
export interface AgentControlValue {
  channel: string;
  threadTs: string;
  /** Confirmation id (Confirm/Deny) or the answer's ts (Show steps); empty for End/Retry. */
  ref: string;
}

const schema = z.object({
  c: z.string().regex(/^[CDG][A-Z0-9]+$/),
  t: z.string().regex(/^\d+\.\d+$/),
  r: z.string().regex(/^[A-Za-z0-9.-]{0,64}$/),
});

export function encodeAgentControl(value: AgentControlValue): string {
  return JSON.stringify({ c: value.channel, t: value.threadTs, r: value.ref });
}

/** Button values come back from Slack as user-controlled input: parse, don't trust. */
export function decodeAgentControl(raw: string | undefined): AgentControlValue | undefined {
  if (raw === undefined) return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(raw));
    return parsed.success
      ? { channel: parsed.data.c, threadTs: parsed.data.t, ref: parsed.data.r }
      : undefined;
  } catch {
    return undefined;
  }
}
