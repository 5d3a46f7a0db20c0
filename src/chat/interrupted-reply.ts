import type { WebClient } from '@slack/web-api';
import type { Logger } from '../log.js';
import { REPLY_ACTIONS } from '../slack/reply-render.js';
import { fetchThreadMessages } from '../slack/thread-history.js';
import { decodeControls } from './reply-controls.js';

interface Block {
  type?: string;
  block_id?: string;
  elements?: Array<{ action_id?: string; value?: string }>;
}

/**
 * A reply that was streaming when Strata stopped still shows its Stop button. Before answering the same
 * question again, mark that message as interrupted so nobody is left looking at a reply that never ends.
 */
export async function closeInterruptedReply(
  client: WebClient,
  question: { channel: string; threadTs: string; messageTs: string },
  logger: Logger,
): Promise<number> {
  const messages = await fetchThreadMessages(client, question.channel, question.threadTs, 200);
  let closed = 0;
  for (const message of messages) {
    const blocks = (message.blocks ?? []) as Block[];
    const stop = blocks
      .flatMap((b) => b.elements ?? [])
      .find(
        (e) =>
          e.action_id === REPLY_ACTIONS.stop && decodeControls(e.value)?.messageTs === question.messageTs,
      );
    if (message.botId === undefined || stop === undefined) continue;
    const kept = blocks.filter((b) => b.block_id !== 'strata_reply_controls');
    await client.chat.update({
      channel: question.channel,
      ts: message.ts,
      text: `${message.text.replace(/\s*▍$/, '')}\n\n_Interrupted: Strata restarted while answering. A new answer follows._`,
      blocks: [
        ...kept,
        {
          type: 'context',
          elements: [
            {
              type: 'mrkdwn',
              text: '_Interrupted: Strata restarted while answering. A new answer follows._',
            },
          ],
        },
      ] as never[],
    });
    closed += 1;
  }
  if (closed > 0) logger.warn({ closed }, 'closed replies interrupted by a restart');
  return closed;
}
