import { MAX_QUESTION_CHARS } from './parse-command.js';

export interface SharedFile {
  id: string;
  name: string;
}

/** What a mention of Strata means for the SQL feature; undefined = not SQL (chat answers it). */
export type MentionIntent =
  | { kind: 'question'; question: string }
  | { kind: 'schema-file'; files: SharedFile[]; question?: string }
  | { kind: 'bad-input'; text: string };

const sqlPrefix = /^sql\s*:\s*/i;

/**
 * `@Strata sql: …` anywhere, a mention carrying a `.sql` file, or any mention in a thread where SQL
 * already happens (`inSqlThread`, looked up only when it matters).
 */
export async function mentionIntent(input: {
  text: string;
  botUserId: string | undefined;
  files: readonly SharedFile[];
  inSqlThread: () => Promise<boolean>;
}): Promise<MentionIntent | undefined> {
  const text = stripMentions(input.text, input.botUserId);
  const sqlFiles = input.files.filter((f) => f.name.toLowerCase().endsWith('.sql'));
  const prefixed = sqlPrefix.test(text);
  const question = text.replace(sqlPrefix, '').trim();
  if (sqlFiles.length > 0) {
    return question === ''
      ? { kind: 'schema-file', files: sqlFiles }
      : { kind: 'schema-file', files: sqlFiles, question };
  }
  if (!prefixed && !(await input.inSqlThread())) return undefined;
  if (question === '') {
    return {
      kind: 'bad-input',
      text: ':warning: The question is empty.\n*Usage:* `@Strata sql: how many orders per customer?`  or  `/sql how many orders per customer?`',
    };
  }
  if (question.length > MAX_QUESTION_CHARS) {
    return {
      kind: 'bad-input',
      text: `:warning: Your question is ${question.length.toLocaleString('en-US')} characters; the limit is ${MAX_QUESTION_CHARS.toLocaleString('en-US')}. Ask it in a sentence or two, and share table definitions as a \`.sql\` file instead.`,
    };
  }
  return { kind: 'question', question };
}

function stripMentions(text: string, botUserId: string | undefined): string {
  const mention = botUserId ? new RegExp(`<@${botUserId}(?:\\|[^>]*)?>`, 'g') : /^<@[A-Z0-9]+(?:\|[^>]*)?>/;
  return text.replace(mention, ' ').replace(/\s+/g, ' ').trim();
}
