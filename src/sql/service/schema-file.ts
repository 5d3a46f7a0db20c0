import { toStrataError } from '../../errors.js';
import { DEFAULT_DIALECT, parseDialect } from '../dialects.js';
import { inlineCode } from '../render/mrkdwn-text.js';
import { MAX_DDL_BYTES } from '../schema/parse-ddl.js';
import { downloadSharedFile } from '../slack/thread-files.js';
import type { SqlJobDeps } from '../sql-deps.js';
import type { SqlTask } from '../sql-job.js';
import { answerQuestion } from './answer-question.js';
import { registeredText } from './manage-settings.js';
import { describeDdlFailure, registerDdl } from './register-ddl.js';
import { slackFailureText } from './slack-failure.js';

type SchemaFileTask = Extract<SqlTask, { type: 'schema-file' }>;

/**
 * A `.sql` file shared in a thread (with a mention, or in a thread where Strata answers SQL) becomes that
 * thread's schema. The verdict is posted in the thread, where the file is; a question typed with the file
 * is answered right after.
 */
export async function registerSchemaFile(task: SchemaFileTask, deps: SqlJobDeps): Promise<void> {
  const { client, sql } = deps;
  const log = deps.logger.child({ channel: task.channel, user: task.user, thread_ts: task.threadTs });
  const post = (text: string) =>
    client.chat.postMessage({ channel: task.channel, thread_ts: task.threadTs, text });
  const [file, ...others] = task.files;
  if (file === undefined) return;
  try {
    const { name, text } = await downloadSharedFile(client, file.id, MAX_DDL_BYTES, sql.fetch);
    const [thread, channel] = await Promise.all([
      sql.settings.thread(task.channel, task.threadTs),
      sql.settings.channel(task.channel),
    ]);
    const dialect =
      parseDialect(thread?.dialect ?? '') ?? parseDialect(channel?.dialect ?? '') ?? DEFAULT_DIALECT;
    const registered = registerDdl(text, dialect, 'file', name);
    if (!registered.ok) {
      await post(
        `${describeDdlFailure(registered, inlineCode(name), dialect, true)}\nFix the file and share it again in this thread.`,
      );
      log.info({ outcome: 'rejected', line: registered.problem.line }, 'schema file did not parse');
      return;
    }
    const pointer = await sql.schemas.store(task.channel, registered.schema);
    await sql.settings.updateThread(task.channel, task.threadTs, { schema: pointer, dialect });
    const skipped =
      others.length > 0
        ? `\n_Only the first .sql file is used; ${others.map((f) => inlineCode(f.name)).join(', ')} ${others.length === 1 ? 'was' : 'were'} ignored._`
        : '';
    const next = task.question
      ? ''
      : '\nMention me in this thread with a question, e.g. `@Strata how many rows are in each table?`';
    await post(
      `${registeredText(
        registered.schema.schema.tables.map((t) => t.name),
        dialect,
        registered.ignoredStatements,
        `this thread from ${inlineCode(name)}`,
      )}${skipped}${next}`,
    );
    log.info(
      { outcome: 'registered', tables: registered.schema.schema.tables.length },
      'schema file registered for thread',
    );
    if (task.question) {
      await answerQuestion(
        {
          type: 'question',
          channel: task.channel,
          user: task.user,
          question: task.question,
          threadTs: task.threadTs,
        },
        deps,
      );
    }
  } catch (error) {
    const failure = toStrataError(error);
    log.error({ err: failure, code: failure.code }, 'schema file failed');
    await post(slackFailureText(failure)).catch(() => undefined);
  }
}
