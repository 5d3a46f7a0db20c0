import { accessRefusal } from '../access/metered-call.js';
import type { ChatJob } from '../chat/chat-service.js';
import { stripBotMention } from '../chat/conversation.js';
import { caller as askCaller } from './ask-service.js';
import type { AnswerDeps, Rag } from './rag.js';

/**
 * `@Strata …` in a channel whose history is indexed is answered from history (in the mention's thread,
 * from channels everyone there can read). Returns false when the chat reply should answer instead.
 */
export async function answerFromHistoryIfOn(job: ChatJob, deps: AnswerDeps & { rag: Rag }): Promise<boolean> {
  // A Retry/Regenerate press carries no text: the chat reply it belongs to handles it.
  if (job.text === null) return false;
  const question = stripBotMention(job.text, job.botUserId);
  if (question === '' || !(await deps.rag.historyAnswersOn(job.channel))) return false;
  // With `ask` switched off here (or no budget left), the chat reply decides what to say.
  if (await accessRefusal(deps, askCaller(job))) return false;
  await deps.rag.run(
    {
      kind: 'ask',
      eventId: job.eventId,
      user: job.user,
      question,
      channel: job.channel,
      threadTs: job.threadTs,
      botUserId: job.botUserId,
    },
    deps,
  );
  return true;
}
