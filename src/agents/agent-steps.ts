import type { KnownBlock } from '@slack/types';
import type { AgentServices } from './agent-deps.js';
import { renderTrace } from './trace-render.js';

/** "Show steps": the stored trace of one answer, rendered for the person who asked to see it. */
export async function stepsFor(
  agents: AgentServices,
  key: { channel: string; threadTs: string; turn: string },
): Promise<{ text: string; blocks: KnownBlock[] }> {
  const steps = await agents.traces.get(key);
  if (steps === undefined) {
    const text = 'The steps of this answer are no longer available (Strata keeps them for 7 days).';
    return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
  }
  return renderTrace(steps);
}
