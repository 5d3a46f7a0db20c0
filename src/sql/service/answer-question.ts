import type { ReplyStream } from '../../slack/stream-writer.js';
import { dialectLabel } from '../dialects.js';
import { generateSql } from '../generate/generate-sql.js';
import type { EarlierQuery } from '../generate/prompt.js';
import { answerCard, queryFile } from '../render/answer-card.js';
import { quoteQuestion } from '../render/mrkdwn-text.js';
import { DEMO_REF } from '../schema-repository.js';
import { createNotifier } from '../slack/notify.js';
import { uploadToThread } from '../slack/thread-files.js';
import type { SqlJobDeps } from '../sql-deps.js';
import type { SqlTask } from '../sql-job.js';
import { modelTask } from './model-task.js';

type QuestionTask = Extract<SqlTask, { type: 'question' }>;

/**
 * A question becomes a thread: the streamed explanation, then `query.sql`, then a card with the
 * validation verdict, a preview and the buttons. The query is never shown before it was validated.
 */
export async function answerQuestion(task: QuestionTask, deps: SqlJobDeps): Promise<void> {
  const { client, sql } = deps;
  const run = modelTask(
    {
      channel: task.channel,
      user: task.user,
      ...(task.threadTs ? { threadTs: task.threadTs } : {}),
      ...(task.responseUrl ? { responseUrl: task.responseUrl } : {}),
    },
    deps,
    { thread_ts: task.threadTs },
  );
  const { log } = run;
  const startedAt = Date.now();

  let threadTs = task.threadTs;
  let reply: ReplyStream | undefined;
  try {
    await run.requireAccess();
    const replaced = task.regenerateOf ? await sql.queries.get(task.channel, task.regenerateOf) : undefined;
    const schema = await sql.schemas.resolve(task.channel, threadTs);
    const earlier = replaced ? undefined : await earlierQuery(deps, task.channel, threadTs);
    if (threadTs === undefined) {
      const parent = await client.chat.postMessage({
        channel: task.channel,
        text: `:mag: *SQL question from <@${task.user}>*\n${quoteQuestion(task.question)}`,
      });
      if (!parent.ts) throw new Error('chat.postMessage returned no ts');
      threadTs = parent.ts;
    }
    reply = await deps.replies.start({ channel: task.channel, threadTs }, log);
    if (replaced) reply.append('_Regenerating: asking the model for a different query._\n\n');
    const generated = await generateSql(
      run.gateway,
      {
        question: task.question,
        schema: schema.registered,
        allowWrites: schema.allowWrites,
        modelId: sql.config.modelId,
        inference: { maxTokens: sql.config.maxTokens, temperature: replaced ? 0.7 : 0 },
        ...(earlier ? { earlier } : {}),
        ...(replaced ? { avoid: replaced.sql } : {}),
      },
      reply,
    );
    if (generated.sql === undefined) reply.append('\n\n_No query was written for this question._');
    await reply.finish();
    if (generated.sql === undefined) {
      log.info(
        { outcome: 'no_sql', latency_ms: Date.now() - startedAt },
        'sql question answered without a query',
      );
      return;
    }

    const queryId = sql.newId();
    const validated = generated.validation?.ok === true;
    const readOnly = generated.validation?.ok === true && generated.validation.readOnly;
    await sql.queries.put({
      channel: task.channel,
      queryId,
      threadTs,
      question: task.question,
      sql: generated.sql,
      dialect: schema.registered.dialect,
      validated,
      readOnly,
      problems:
        generated.validation && !generated.validation.ok
          ? generated.validation.problems.map((p) => p.message)
          : [],
      schemaRef: schema.ref,
      user: task.user,
      createdAt: sql.now().toISOString(),
    });
    await sql.settings.updateThread(task.channel, threadTs, { lastQueryId: queryId });
    await uploadToThread(
      client,
      { channel: task.channel, threadTs },
      {
        filename: 'query.sql',
        content: queryFile(generated.sql, generated, dialectLabel(schema.registered.dialect)),
        title: validated ? 'query.sql' : 'query.sql (not validated)',
      },
    );
    const card = answerCard({
      queryId,
      sql: generated.sql,
      generated,
      schema,
      canRunOnSample: validated && readOnly && schema.ref === DEMO_REF,
    });
    await client.chat.postMessage({ channel: task.channel, thread_ts: threadTs, ...card });
    log.info(
      {
        outcome: validated ? 'validated' : 'unvalidated',
        attempts: generated.attempts,
        query_id: queryId,
        latency_ms: Date.now() - startedAt,
      },
      'sql question answered',
    );
  } catch (error) {
    await run.fail(error, reply, 'sql question');
  }
}

async function earlierQuery(
  deps: SqlJobDeps,
  channel: string,
  threadTs: string | undefined,
): Promise<EarlierQuery | undefined> {
  if (threadTs === undefined) return undefined;
  const thread = await deps.sql.settings.thread(channel, threadTs);
  if (!thread?.lastQueryId) return undefined;
  const record = await deps.sql.queries.get(channel, thread.lastQueryId);
  return record ? { question: record.question, sql: record.sql } : undefined;
}

/** Regenerate: the same question again, asking for a different query, in the same thread. */
export async function regenerate(
  task: Extract<SqlTask, { type: 'regenerate' }>,
  deps: SqlJobDeps,
): Promise<void> {
  const record = await deps.sql.queries.get(task.channel, task.queryId);
  if (record === undefined) {
    await createNotifier(deps.client, deps.sql.fetch).tell(
      {
        channel: task.channel,
        user: task.user,
        ...(task.responseUrl ? { responseUrl: task.responseUrl } : {}),
      },
      {
        text: ':hourglass: That query is no longer available (queries are kept 30 days). Ask again with `/sql`.',
      },
    );
    return;
  }
  await answerQuestion(
    {
      type: 'question',
      channel: task.channel,
      user: task.user,
      question: record.question,
      threadTs: record.threadTs,
      regenerateOf: record.queryId,
      ...(task.responseUrl ? { responseUrl: task.responseUrl } : {}),
    },
    deps,
  );
}
