import { meteredGateway, requireAccess } from '../../access/metered-call.js';
import type { ModelGateway } from '../../bedrock/gateway.js';
import { toStrataError } from '../../errors.js';
import type { Logger } from '../../log.js';
import type { ReplyStream } from '../../slack/stream-writer.js';
import { createNotifier, type PrivateTarget } from '../slack/notify.js';
import type { SqlJobDeps } from '../sql-deps.js';
import { slackFailureText } from './slack-failure.js';

export interface ModelTask {
  log: Logger;
  /** Every call through it is recorded as `sql` usage for the asker. */
  gateway: ModelGateway;
  /** Throws the access guard's refusal (channel not allowed, `sql` switched off, budget spent). */
  requireAccess(): Promise<void>;
  /** A message only the asker sees. */
  tell(text: string): Promise<void>;
  /** Logs the failure once; a started reply ends with it, otherwise the asker is told privately. */
  fail(error: unknown, reply: ReplyStream | undefined, what: string): Promise<void>;
}

/** What every SQL task that asks the model shares: its log, the metered gateway, the access check, one way to fail. */
export function modelTask(
  task: PrivateTarget,
  deps: SqlJobDeps,
  logFields: Record<string, string | undefined>,
): ModelTask {
  const { channel, user } = task;
  const log = deps.logger.child({ channel, user, model: deps.sql.config.modelId, ...logFields });
  const notifier = createNotifier(deps.client, deps.sql.fetch);
  const caller = { user, channel, feature: 'sql' as const };
  const tell = (text: string) => notifier.tell(task, { text });
  return {
    log,
    gateway: meteredGateway(deps.gateway, deps, caller),
    requireAccess: () => requireAccess(deps, caller),
    tell,
    async fail(error, reply, what) {
      const failure = toStrataError(error);
      const outcome = failure.code === 'bad_input' ? 'refused' : 'error';
      log[outcome === 'refused' ? 'warn' : 'error'](
        { err: failure, code: failure.code, outcome },
        `${what} failed`,
      );
      if (reply) await reply.fail(failure);
      else
        await tell(slackFailureText(failure)).catch((notifyError: unknown) => {
          log.error({ err: notifyError }, `could not tell the person the ${what} failed`);
        });
    },
  };
}
