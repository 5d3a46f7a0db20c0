import type { InvocationResult, ReturnedInvocation } from '../bedrock/agent-parts.js';
import type { RoundContext } from './agent-round.js';
import { invokedFunction, runStrataAction } from './strata-actions.js';

/** Runs a function the agent handed to Strata and words the result for Bedrock. */
export async function runDelegated(
  ctx: RoundContext,
  invocation: ReturnedInvocation,
  decision: 'run' | 'CONFIRM' | 'DENY',
): Promise<InvocationResult> {
  const confirmation = decision === 'run' ? undefined : decision;
  const denied = JSON.stringify({
    status: 'denied',
    message: 'The user denied this action. Do not retry it.',
  });
  const confirmed = JSON.stringify({ status: 'confirmed', message: 'The user confirmed this action.' });
  const shouldRun = decision !== 'DENY' && invocation.mode !== 'confirm';
  let body = decision === 'DENY' ? denied : confirmed;
  let state: 'FAILURE' | 'REPROMPT' | undefined;
  if (shouldRun) {
    const params = Object.fromEntries(
      [...invocation.parameters, ...(invocation.kind === 'api' ? invocation.body : [])].map((p) => [
        p.name,
        p.value,
      ]),
    );
    const fn = invokedFunction(invocation);
    const result = await runStrataAction(ctx.deps.agents.actions, invocation.actionGroup, fn, params, {
      channel: ctx.session.channel,
      threadTs: ctx.session.threadTs,
      user: ctx.user,
      slack: ctx.slack,
      audit: ctx.deps.agents.audit,
      now: ctx.deps.agents.now,
    });
    body = result.body;
    state = result.state;
  }
  if (invocation.kind === 'api') {
    return {
      kind: 'api',
      actionGroup: invocation.actionGroup,
      httpMethod: invocation.httpMethod,
      apiPath: invocation.apiPath,
      statusCode: state ? 400 : 200,
      body,
      ...(confirmation ? { confirmation } : {}),
    };
  }
  return {
    kind: 'function',
    actionGroup: invocation.actionGroup,
    function: invocation.function,
    body,
    ...(confirmation ? { confirmation } : {}),
    ...(state ? { state } : {}),
  };
}
