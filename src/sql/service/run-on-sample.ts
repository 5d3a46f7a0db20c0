import { toStrataError } from '../../errors.js';
import { parseDialect } from '../dialects.js';
import { toCsv } from '../render/csv.js';
import { resultMessage } from '../render/result-message.js';
import { DEMO_REF, demoSchema } from '../schema-repository.js';
import { createNotifier } from '../slack/notify.js';
import { uploadToThread } from '../slack/thread-files.js';
import type { SqlJobDeps } from '../sql-deps.js';
import type { SqlTask } from '../sql-job.js';
import { validateSql } from '../validate/validate-sql.js';
import { slackFailureText } from './slack-failure.js';

type RunTask = Extract<SqlTask, { type: 'run' }>;

/**
 * Run on sample: only a query Strata validated as a read-only SELECT against the demo schema, validated
 * again right before it runs, on a read-only copy of the sample database with a timeout and a row cap.
 */
export async function runOnSample(task: RunTask, deps: SqlJobDeps): Promise<void> {
  const { client, sql } = deps;
  const log = deps.logger.child({ channel: task.channel, user: task.user, query_id: task.queryId });
  const notifier = createNotifier(client, sql.fetch);
  const tell = (text: string, threadTs?: string) =>
    notifier.tell(
      {
        channel: task.channel,
        user: task.user,
        ...(threadTs ? { threadTs } : {}),
        ...(task.responseUrl ? { responseUrl: task.responseUrl } : {}),
      },
      { text },
    );
  try {
    const record = await sql.queries.get(task.channel, task.queryId);
    if (record === undefined) {
      await tell(
        ':hourglass: That query is no longer available (queries are kept 30 days). Ask again with `/sql`.',
      );
      return;
    }
    if (!record.validated || !record.readOnly) {
      await tell(
        ':no_entry: Only queries that passed validation as a read-only SELECT run on the sample database.',
        record.threadTs,
      );
      return;
    }
    if (record.schemaRef !== DEMO_REF) {
      await tell(
        ':information_source: There is a sample database only for the demo shop schema; this query was written for another schema.',
        record.threadTs,
      );
      return;
    }
    const dialect = parseDialect(record.dialect) ?? 'sqlite';
    const check = validateSql(record.sql, { dialect, schema: demoSchema().schema, allowWrites: false });
    if (!check.ok || !check.readOnly) {
      log.warn({ outcome: 'refused' }, 'stored query failed validation before a sample run');
      await tell(':no_entry: The query no longer passes validation, so it was not run.', record.threadTs);
      return;
    }
    const result = await sql.runner.run(sql.sample.bytes(), record.sql);
    await client.chat.postMessage({
      channel: task.channel,
      thread_ts: record.threadTs,
      ...resultMessage(result, sql.config.maxRows),
    });
    if (result.rows.length > 0) {
      await uploadToThread(
        client,
        { channel: task.channel, threadTs: record.threadTs },
        {
          filename: 'result.csv',
          content: toCsv(result.columns, result.rows),
        },
      );
    }
    log.info(
      { outcome: 'ok', rows: result.rows.length, truncated: result.truncated, elapsed_ms: result.elapsedMs },
      'sample run finished',
    );
  } catch (error) {
    const failure = toStrataError(error);
    log.warn({ err: failure, code: failure.code, outcome: 'error' }, 'sample run failed');
    await tell(slackFailureText(failure)).catch((notifyError: unknown) => {
      log.error({ err: notifyError }, 'could not tell the person the sample run failed');
    });
  }
}
