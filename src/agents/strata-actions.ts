import type { AuditLog } from '../access/audit-log.js';
import type { ReturnedInvocation } from '../bedrock/agent-parts.js';
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

/**
 * A function an agent delegates to Strata (action group executor `RETURN_CONTROL`). Unless marked
 * `readOnly` (see `readOnlyAction`), it changes something, so it runs only after the person confirms.
 */
export type StrataAction = ((
  params: Record<string, string>,
  ctx: StrataActionContext,
) => Promise<StrataActionResult>) & { readonly readOnly?: true };

/** A delegated function that only looks things up: an agent may run it without asking the person. */
export function readOnlyAction(
  run: (params: Record<string, string>, ctx: StrataActionContext) => Promise<StrataActionResult>,
): StrataAction {
  return Object.assign(run, { readOnly: true as const });
}

/** Keyed by `<actionGroup>.<function>`. */
export type StrataActions = ReadonlyMap<string, StrataAction>;

export const strataActionKey = (actionGroup: string, fn: string) => `${actionGroup}.${fn}`;

/** The function part of an invocation's key: the function name, or `METHOD /path` for an API schema. */
export const invokedFunction = (invocation: ReturnedInvocation) =>
  invocation.kind === 'function' ? invocation.function : `${invocation.httpMethod} ${invocation.apiPath}`;

/**
 * Strata decides which of its own functions need the person's confirmation, not the agent runtime: a
 * changing Strata action the runtime hands back to run directly (because a message or retrieved text
 * told the agent to skip confirmation, or its definition says so) is asked about first all the same.
 */
export function confirmingStrataActions(
  invocation: ReturnedInvocation,
  actions: StrataActions,
): ReturnedInvocation {
  if (invocation.mode !== 'run') return invocation;
  const action = actions.get(strataActionKey(invocation.actionGroup, invokedFunction(invocation)));
  return action === undefined || action.readOnly ? invocation : { ...invocation, mode: 'confirm-and-run' };
}

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
