import type { KnownBlock } from '@slack/types';
import { dialectLabel } from '../dialects.js';
import type { GeneratedQuery } from '../generate/generate-sql.js';
import type { ResolvedSchema } from '../schema-repository.js';
import { codeBlock, escapeText, inlineCode, plural } from './mrkdwn-text.js';

export const ACTION_RUN = 'sql_run_sample';
export const ACTION_EXPLAIN = 'sql_explain';
export const ACTION_REGENERATE = 'sql_regenerate';

const PREVIEW_MAX_LINES = 30;
const PREVIEW_MAX_CHARS = 2_500;

/** The message under query.sql: validation verdict, a preview of the query when short, and the buttons. */
export function answerCard(input: {
  queryId: string;
  sql: string;
  generated: GeneratedQuery;
  schema: ResolvedSchema;
  canRunOnSample: boolean;
}): { text: string; blocks: KnownBlock[] } {
  const { queryId, sql, generated, schema, canRunOnSample } = input;
  const validation = generated.validation;
  const dialect = dialectLabel(schema.registered.dialect);
  const blocks: KnownBlock[] = [];
  let text: string;
  if (validation?.ok) {
    const kind = validation.readOnly
      ? 'read-only SELECT'
      : `${validation.kind.toUpperCase()} (writes are allowed in this channel)`;
    text = `Validated ${dialect} query`;
    blocks.push(
      section(
        `:white_check_mark: *Validated* for ${escapeText(dialect)} against ${schemaLabel(schema)} · ${kind} · tables: ${validation.tables.map(inlineCode).join(', ') || '—'}`,
      ),
    );
  } else {
    const problems = validation && !validation.ok ? validation.problems : [];
    text = `Unvalidated ${dialect} query`;
    blocks.push(
      section(
        `:warning: *Not validated — review before running.* ${escapeText(dialect)}, ${schemaLabel(schema)}:\n${problems
          .slice(0, 8)
          .map((p) => `• ${escapeText(p.message)}`)
          .join('\n')}`,
      ),
    );
  }
  const lines = sql.split('\n').length;
  if (lines <= PREVIEW_MAX_LINES && sql.length <= PREVIEW_MAX_CHARS) blocks.push(section(codeBlock(sql)));
  else
    blocks.push(section(`The query is ${plural(lines, 'line')} long: open \`query.sql\` above to read it.`));

  const notes: string[] = [];
  if (generated.attempts > 1 && generated.firstProblems?.[0]) {
    notes.push(
      validation?.ok
        ? `The first draft was rejected (${escapeText(generated.firstProblems[0].message)}) and corrected.`
        : 'The model was asked once to correct it.',
    );
  }
  if (generated.omittedTables > 0) {
    notes.push(
      `The prompt carried the ${plural(generated.promptTables.length, 'table')} most related to the question (of ${generated.promptTables.length + generated.omittedTables}).`,
    );
  }
  if (schema.scope === 'default')
    notes.push(
      'No schema is registered here, so this uses the bundled demo shop. Register yours with `/sql schema`.',
    );
  if (!canRunOnSample && validation?.ok && schema.ref !== 'demo')
    notes.push('Run on sample is available with the demo schema (`/sql schema demo`).');
  if (notes.length > 0)
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: notes.join(' ') }] });

  blocks.push({
    type: 'actions',
    block_id: `sql_actions_${queryId}`,
    elements: [
      ...(canRunOnSample
        ? [
            {
              type: 'button' as const,
              action_id: ACTION_RUN,
              text: { type: 'plain_text' as const, text: 'Run on sample' },
              value: queryId,
              style: 'primary' as const,
            },
          ]
        : []),
      {
        type: 'button',
        action_id: ACTION_EXPLAIN,
        text: { type: 'plain_text', text: 'Explain' },
        value: queryId,
      },
      {
        type: 'button',
        action_id: ACTION_REGENERATE,
        text: { type: 'plain_text', text: 'Regenerate' },
        value: queryId,
      },
    ],
  });
  return { text, blocks };
}

export function schemaLabel(schema: ResolvedSchema): string {
  const { registered } = schema;
  const tables = plural(registered.schema.tables.length, 'table');
  if (registered.source === 'demo') return `the demo shop schema (${tables})`;
  const where = schema.scope === 'thread' ? 'this thread’s schema' : 'this channel’s schema';
  return `${where}${registered.fileName ? ` ${inlineCode(registered.fileName)}` : ''} (${tables})`;
}

function section(text: string): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

/** query.sql: the query, with a warning header when it did not pass validation. */
export function queryFile(sql: string, generated: GeneratedQuery, dialect: string): string {
  const validation = generated.validation;
  if (validation?.ok) return `${sql}\n`;
  const problems = validation && !validation.ok ? validation.problems : [];
  return [
    `-- NOT VALIDATED by Strata (${dialect}). Review before running:`,
    ...problems.map((p) => `--   ${p.message.replace(/\n/g, ' ')}`),
    sql,
    '',
  ].join('\n');
}
