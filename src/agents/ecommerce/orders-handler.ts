import type { Logger } from '../../log.js';
import { type FunctionHandler, functionEventSchema, functionResponse } from '../action-group-lambda.js';
import { SLACK_USER_ATTRIBUTE } from '../session-attributes.js';
import { orderFunctions } from './order-functions.js';
import type { OrdersStore } from './orders-store.js';

export interface OrdersHandlerDeps {
  store: OrdersStore;
  now?: () => Date;
  logger?: Logger;
}

/**
 * The OrderManagement action group Lambda (function details, messageVersion 1.0). Bad parameters come
 * back as REPROMPT with a structured error the agent can explain; an unknown function or a broken store
 * as FAILURE. Business refusals (outside the return window, already shipped) are ordinary answers.
 */
export function createOrdersHandler(deps: OrdersHandlerDeps): FunctionHandler {
  const now = deps.now ?? (() => new Date());
  return async (raw) => {
    const parsed = functionEventSchema.safeParse(raw);
    if (!parsed.success) {
      deps.logger?.warn({ issues: parsed.error.issues }, 'action group event rejected');
      return functionResponse(
        { ...namesOf(raw), sessionAttributes: {}, promptSessionAttributes: {} },
        {
          error: {
            code: 'invalid_event',
            message: 'The request was not a Bedrock Agents function event (1.0).',
          },
        },
        'FAILURE',
      );
    }
    const event = parsed.data;
    const log = deps.logger?.child({ function: event.function, session_id: event.sessionId });
    const fn = orderFunctions[event.function];
    if (fn === undefined) {
      log?.warn('unknown function');
      return functionResponse(
        event,
        {
          error: {
            code: 'unknown_function',
            message: `This action group has no function "${event.function}".`,
            functions: Object.keys(orderFunctions),
          },
        },
        'FAILURE',
      );
    }
    const params = Object.fromEntries(event.parameters.map((p) => [p.name, p.value]));
    try {
      const result = await fn.call(params, {
        store: deps.store,
        now,
        requestedBy: event.sessionAttributes[SLACK_USER_ATTRIBUTE],
      });
      if (!result.ok) {
        log?.info({ issues: result.issues }, 'function parameters rejected');
        return functionResponse(
          event,
          {
            error: {
              code: 'invalid_parameters',
              message: result.issues.map((i) => `${i.parameter} ${i.problem}`).join('; '),
              issues: result.issues,
              ...(result.hint === undefined ? {} : { hint: result.hint }),
            },
          },
          'REPROMPT',
        );
      }
      log?.info({ status: result.answer.status }, 'function answered');
      return functionResponse(event, result.answer);
    } catch (error) {
      log?.error({ err: error }, 'function failed');
      return functionResponse(
        event,
        {
          error: {
            code: 'temporarily_unavailable',
            message:
              'The order system is temporarily unavailable. Try again shortly; repeating the request is safe.',
          },
        },
        'FAILURE',
      );
    }
  };
}

function namesOf(raw: unknown): { actionGroup: string; function: string } {
  const record = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const name = (value: unknown) => (typeof value === 'string' ? value : 'unknown');
  return { actionGroup: name(record.actionGroup), function: name(record.function) };
}
