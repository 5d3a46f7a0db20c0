import { z } from 'zod';
import type { SqlSettingsStore } from '../../store/sql-schemas.js';
import type { SqlJob } from '../sql-job.js';
import { mentionIntent } from './mention-intent.js';

/** What to do with an Events API body: queue SQL work, tell the person something privately, or leave it to others. */
export type EventRoute =
  | { kind: 'job'; job: SqlJob }
  | { kind: 'tell'; channel: string; user: string; threadTs: string; text: string }
  | undefined;

const file = z.object({ id: z.string(), name: z.string().default('') });
const messageEvent = z.object({
  type: z.enum(['app_mention', 'message']),
  subtype: z.string().optional(),
  user: z.string().optional(),
  bot_id: z.string().optional(),
  text: z.string().default(''),
  ts: z.string(),
  channel: z.string(),
  channel_type: z.string().optional(),
  thread_ts: z.string().optional(),
  files: z.array(file).default([]),
});
const eventEnvelope = z.object({ event_id: z.string().optional(), event: messageEvent });

/**
 * Mentions that are about SQL (`sql: …`, a `.sql` file, or any mention in a SQL thread), and `.sql` files
 * shared without a mention in a SQL thread. Strata's own messages are never routed.
 */
export async function routeSqlEvent(
  body: unknown,
  botUserId: string | undefined,
  settings: Pick<SqlSettingsStore, 'thread'>,
): Promise<EventRoute> {
  const envelope = eventEnvelope.safeParse(body);
  if (!envelope.success) return undefined;
  const { event, event_id: eventId } = envelope.data;
  const { user, channel } = event;
  if (user === undefined || event.bot_id !== undefined || user === botUserId) return undefined;
  const mentioned = event.type === 'app_mention';
  const sharedInThread =
    event.subtype === 'file_share' && event.thread_ts !== undefined && event.channel_type !== 'im';
  if (!mentioned && (!sharedInThread || (botUserId && event.text.includes(`<@${botUserId}>`))))
    return undefined;

  const threadTs = event.thread_ts;
  const inSqlThread = async () =>
    threadTs !== undefined && (await settings.thread(channel, threadTs)) !== undefined;
  const intent = await mentionIntent({ text: event.text, botUserId, files: event.files, inSqlThread });
  if (intent === undefined) return undefined;
  if (!mentioned && (intent.kind !== 'schema-file' || !(await inSqlThread()))) return undefined;

  const base = { channel, user, threadTs: threadTs ?? event.ts };
  if (intent.kind === 'bad-input') return { kind: 'tell', ...base, text: intent.text };
  return {
    kind: 'job',
    job: {
      kind: 'sql',
      ...(eventId ? { eventId } : {}),
      task:
        intent.kind === 'question'
          ? { type: 'question', ...base, question: intent.question }
          : {
              type: 'schema-file',
              ...base,
              files: intent.files,
              ...(intent.question ? { question: intent.question } : {}),
            },
    },
  };
}
