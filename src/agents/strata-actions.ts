import type { AuditLog } from '../access/audit-log.js';
import type { AgentSlack } from './agent-slack.js';

/** Where a function handed back to Strata (return of control) runs: the thread and who asked. */
export interface StrataActionContext {
  channel: string;
  threadTs: string;
  user: string;
  slack: AgentSlack;
  audit: AuditLog;
  now: () => number;
}

export interface StrataActionResult {
  /** What the agent reads back (JSON text). */
  body: string;
  state?: 'FAILURE' | 'REPROMPT';
}

/** A function an agent delegates to Strata (action group executor `RETURN_CONTROL`). */
export type StrataAction = (
  params: Record<string, string>,
  ctx: StrataActionContext,
) => Promise<StrataActionResult>;

/** Keyed by `<actionGroup>.<function>`. */
export type StrataActions = ReadonlyMap<string, StrataAction>;

export const strataActionKey = (actionGroup: string, fn: string) => `${actionGroup}.${fn}`;

/** Runs a delegated function; an unknown one is reported to the agent, never thrown at the user. */
export async function runStrataAction(
  actions: StrataActions,
  actionGroup: string,
  fn: string,
  params: Record<string, string>,
  ctx: StrataActionContext,
): Promise<StrataActionResult> {
  const action = actions.get(strataActionKey(actionGroup, fn));
  if (action === undefined) {
    return {
      body: JSON.stringify({
        error: { code: 'not_supported', message: `Strata cannot run ${actionGroup}.${fn} in Slack.` },
      }),
      state: 'FAILURE',
    };
  }
  return action(params, ctx);
}
