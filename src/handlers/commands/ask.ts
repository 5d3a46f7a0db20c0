import type { App } from '@slack/bolt';
import type { Job } from '../../jobs.js';
import { parseAsk } from '../../rag/command-parsing.js';
import type { WorkQueue } from '../../work-queue.js';

/** `/ask <question> [in #channel]`: answered from channel history, privately, in the asker's DM with Strata. */
export function registerAskCommand(app: App, queue: WorkQueue<Job>): void {
  app.command('/ask', async ({ command, ack, context }) => {
    const parsed = parseAsk(command.text);
    if (!parsed.ok) {
      await ack({ response_type: 'ephemeral', text: parsed.message });
      return;
    }
    await ack({
      response_type: 'ephemeral',
      text: ":mag: Searching the history of indexed channels you're in. The answer is on its way to your DM with Strata.",
    });
    await queue.enqueue({
      kind: 'ask',
      eventId: command.trigger_id,
      user: command.user_id,
      question: parsed.question,
      channel: command.channel_id,
      ...(parsed.only ? { only: parsed.only } : {}),
      botUserId: context.botUserId,
    });
  });
}
