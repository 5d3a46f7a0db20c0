import { escapeMrkdwn } from '../slack/mrkdwn.js';
import { threadNote } from './agent-blocks.js';
import type { StrataAction } from './strata-actions.js';

/**
 * `HumanHandoff.escalateToHuman`, run by Strata in Slack: a visible note in the thread for the support
 * team, and an audit record. The agent gets back the ticket id to tell the user.
 */
export function createHandoffAction(newId: () => string): StrataAction {
  return async (params, ctx) => {
    const summary = (params.summary ?? '').trim();
    if (summary === '') {
      return {
        body: JSON.stringify({
          error: {
            code: 'invalid_parameters',
            message: 'summary is required',
            issues: [{ parameter: 'summary', problem: 'is required' }],
          },
        }),
        state: 'REPROMPT',
      };
    }
    const ticket = `ESC-${newId().slice(0, 8).toUpperCase()}`;
    const order = params.orderId ? ` (order ${escapeMrkdwn(params.orderId)})` : '';
    await ctx.slack.post(
      ctx.channel,
      ctx.threadTs,
      threadNote(
        `:sos: *Handoff ${ticket}*${order}: <@${ctx.user}> asked for a person to take over. ${escapeMrkdwn(summary.slice(0, 500))}`,
      ),
    );
    await ctx.audit.record({
      actor: ctx.user,
      action: 'agent.handoff',
      channel: ctx.channel,
      parameters: {
        ticket,
        threadTs: ctx.threadTs,
        summary: summary.slice(0, 500),
        orderId: params.orderId ?? null,
      },
      outcome: 'ok',
    });
    return {
      body: JSON.stringify({
        status: 'escalated',
        ticket,
        message: 'A person from the support team will follow up in this Slack thread.',
      }),
    };
  };
}
