import type { ReplyStream } from '../../slack/stream-writer.js';
import { parseDialect } from '../dialects.js';
import { streamModelText } from '../generate/model-text.js';
import { explanationMessage, explanationSystemPrompt } from '../generate/prompt.js';
import type { SqlJobDeps } from '../sql-deps.js';
import type { SqlTask } from '../sql-job.js';
import { findTable, type SchemaTable } from '../sql-schema.js';
import { validateSql } from '../validate/validate-sql.js';
import { modelTask } from './model-task.js';

type ExplainTask = Extract<SqlTask, { type: 'explain' }>;

/** Explain: the model walks through the query in plain language, streamed into the query's thread. */
export async function explainQuery(task: ExplainTask, deps: SqlJobDeps): Promise<void> {
  const { sql } = deps;
  const run = modelTask(
    {
      channel: task.channel,
      user: task.user,
      ...(task.responseUrl ? { responseUrl: task.responseUrl } : {}),
    },
    deps,
    { query_id: task.queryId },
  );
  let reply: ReplyStream | undefined;
  try {
    const record = await sql.queries.get(task.channel, task.queryId);
    if (record === undefined) {
      await run.tell(':hourglass: That query is no longer available (queries are kept 30 days).');
      return;
    }
    await run.requireAccess();
    const dialect = parseDialect(record.dialect) ?? 'postgresql';
    const schema = await sql.schemas.load(record.schemaRef);
    const tables = schema ? usedTables(record.sql, dialect, schema.schema.tables) : [];
    reply = await deps.replies.start({ channel: task.channel, threadTs: record.threadTs }, run.log);
    reply.append(`*How this query works* (asked by <@${task.user}>)\n\n`);
    const stream = reply;
    await streamModelText(
      run.gateway,
      {
        modelId: sql.config.modelId,
        system: explanationSystemPrompt(dialect, tables),
        messages: [{ role: 'user', text: explanationMessage(record.sql) }],
        inference: { maxTokens: sql.config.maxTokens, temperature: 0.2 },
      },
      (text) => stream.append(text),
    );
    await reply.finish();
  } catch (error) {
    await run.fail(error, reply, 'sql explain');
  }
}

function usedTables(
  query: string,
  dialect: Parameters<typeof validateSql>[1]['dialect'],
  tables: SchemaTable[],
): SchemaTable[] {
  const check = validateSql(query, { dialect, schema: { tables }, allowWrites: true });
  if (!check.ok) return tables.slice(0, 12);
  return check.tables
    .map((name) => findTable({ tables }, name))
    .filter((t): t is SchemaTable => t !== undefined);
}
