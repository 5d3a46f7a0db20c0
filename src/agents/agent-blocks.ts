import type { ActionsBlock, Button, ContextBlock, KnownBlock, SectionBlock } from '@slack/types';
import { escapeMrkdwn } from '../slack/mrkdwn.js';
import type { ActionWording } from './action-wording.js';
import { AGENT_ACTIONS, encodeAgentControl } from './agent-controls.js';

export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

interface Thread {
  channel: string;
  threadTs: string;
}

export type CardState =
  | { kind: 'pending'; requester: string; expiresInMinutes: number }
  | { kind: 'confirmed' | 'denied'; by: string; working: boolean }
  | { kind: 'expired' };

/** The confirmation card: each pending action in plain words, who may decide, and Confirm / Deny. */
export function confirmationCard(
  thread: Thread,
  confirmationId: string,
  actions: readonly ActionWording[],
  state: CardState,
  turn: string,
): SlackMessage {
  const heading =
    state.kind === 'pending'
      ? ':raised_hand: *The agent wants to make a change. Please confirm.*'
      : '*The agent asked to make a change.*';
  const blocks: KnownBlock[] = [section(heading), ...actions.map((a) => section(describe(a)))];
  const value = (ref: string) => encodeAgentControl({ ...thread, ref });
  switch (state.kind) {
    case 'pending':
      blocks.push(
        context(
          `Only <@${state.requester}>, who asked, can confirm or deny. Nothing changes until then; this request expires in ${state.expiresInMinutes} min.`,
        ),
        actionsBlock('strata_agent_confirmation', [
          button(AGENT_ACTIONS.confirm, 'Confirm', value(confirmationId), 'primary'),
          button(AGENT_ACTIONS.deny, 'Deny', value(confirmationId), 'danger'),
          button(AGENT_ACTIONS.steps, 'Show steps', value(turn)),
        ]),
      );
      break;
    case 'confirmed':
      blocks.push(
        context(`:white_check_mark: Confirmed by <@${state.by}>.${state.working ? ' Working on it…' : ''}`),
      );
      break;
    case 'denied':
      blocks.push(
        context(
          `:no_entry_sign: Denied by <@${state.by}>. Nothing was changed.${state.working ? ' Letting the agent know…' : ''}`,
        ),
      );
      break;
    case 'expired':
      blocks.push(
        context(':hourglass: This request expired before anyone confirmed it. Nothing was changed.'),
      );
      break;
  }
  const summary = actions.map((a) => a.title).join('; ');
  return { text: `${state.kind === 'pending' ? 'Please confirm: ' : ''}${summary}`, blocks };
}

function describe(action: ActionWording): string {
  const lines = action.details.map(
    (d) => `• ${escapeMrkdwn(d.label)}: ${escapeMrkdwn(d.value.replace(/\s+/g, ' ').slice(0, 400))}`,
  );
  return [`*${escapeMrkdwn(action.title)}*`, ...lines].join('\n').slice(0, 2_900);
}

/** Under each answer: Show steps and End session, or Retry when the answer failed and can be retried. */
export function turnControls(
  thread: Thread,
  turn: string,
  options: { agentLabel: string; retry: boolean; stepCount: number },
): SlackMessage {
  const value = (ref: string) => encodeAgentControl({ ...thread, ref });
  const buttons: Button[] = [];
  if (options.retry) buttons.push(button(AGENT_ACTIONS.retry, 'Retry', value(''), 'primary'));
  if (options.stepCount > 0) buttons.push(button(AGENT_ACTIONS.steps, 'Show steps', value(turn)));
  buttons.push(button(AGENT_ACTIONS.end, 'End session', value('')));
  const note = `Agent ${escapeMrkdwn(options.agentLabel)} · reply in this thread to continue`;
  return {
    text: note,
    blocks: [context(note), actionsBlock('strata_agent_controls', buttons)],
  };
}

/** A one-line note in the thread (session started fresh, ended, …). */
export function threadNote(text: string): SlackMessage {
  return { text, blocks: [context(text)] };
}

const section = (text: string): SectionBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });
const context = (text: string): ContextBlock => ({ type: 'context', elements: [{ type: 'mrkdwn', text }] });
const actionsBlock = (block_id: string, elements: Button[]): ActionsBlock => ({
  type: 'actions',
  block_id,
  elements,
});
const button = (action_id: string, label: string, value: string, style?: 'primary' | 'danger'): Button => ({
  type: 'button',
  action_id,
  text: { type: 'plain_text', text: label },
  value,
  ...(style ? { style } : {}),
});
