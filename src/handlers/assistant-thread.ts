import type { App } from '@slack/bolt';
import type { Logger } from '../log.js';

const SUGGESTED_PROMPTS = [
  { title: 'What is Amazon Bedrock?', message: 'What is Amazon Bedrock, in a few bullet points?' },
  { title: 'Explain top_k', message: 'How do temperature, top_p and top_k change a model’s answer?' },
  { title: 'Write SQL', message: 'How would I ask you to write a SQL query for our orders table?' },
];

/** Slack's assistant side panel: offer a few prompts when a person opens a new conversation with Strata. */
export function registerAssistantThread(app: App, logger: Logger): void {
  app.event('assistant_thread_started', async ({ event, client }) => {
    const { channel_id, thread_ts } = event.assistant_thread;
    try {
      await client.assistant.threads.setSuggestedPrompts({
        channel_id,
        thread_ts,
        title: 'Try one of these, or ask anything:',
        prompts: SUGGESTED_PROMPTS,
      });
    } catch (error) {
      logger.warn({ err: error, channel: channel_id, thread_ts }, 'could not set suggested prompts');
    }
  });
}
