import type { AuditOutcome } from '../../access/audit-log.js';
import { toStrataError } from '../../errors.js';
import { DEFAULT_DIALECT, DIALECTS, type Dialect, dialectLabel, parseDialect } from '../dialects.js';
import { inlineCode, plural } from '../render/mrkdwn-text.js';
import { DEFAULT_SELECTION } from '../schema/select-tables.js';
import { DEMO_REF, demoSchema } from '../schema-repository.js';
import { createNotifier } from '../slack/notify.js';
import type { SqlJobDeps } from '../sql-deps.js';
import type { SqlTask } from '../sql-job.js';
import { describeDdlFailure, registerDdl } from './register-ddl.js';
import { slackFailureText } from './slack-failure.js';

type SettingsTask = Extract<SqlTask, { type: 'settings' }>;

/** `/sql schema|dialect|writes …`: each answered privately to the person who ran it. */
export async function manageSettings(task: SettingsTask, deps: SqlJobDeps): Promise<void> {
  const notifier = createNotifier(deps.client, deps.sql.fetch);
  const log = deps.logger.child({ channel: task.channel, user: task.user, sql_command: task.command.kind });
  let text: string;
  try {
    text = await settingsReply(task, deps);
  } catch (error) {
    const failure = toStrataError(error);
    log.error({ err: failure, code: failure.code }, 'sql settings command failed');
    text = slackFailureText(failure);
  }
  await notifier.tell({ channel: task.channel, user: task.user, responseUrl: task.responseUrl }, { text });
}

async function settingsReply(task: SettingsTask, deps: SqlJobDeps): Promise<string> {
  const { sql } = deps;
  const { command, channel, user } = task;
  const audit = (action: string, parameters: Record<string, unknown>, outcome: AuditOutcome = 'ok') =>
    deps.audit?.record({ actor: user, action: `sql.${action}`, channel, parameters, outcome });
  switch (command.kind) {
    case 'schema-show':
    case 'dialect-show':
    case 'writes-show':
      return describeChannel(channel, deps);
    case 'schema-demo': {
      const dialect = command.dialect ?? 'sqlite';
      const before = await sql.settings.channel(channel);
      await sql.settings.updateChannel(
        channel,
        { dialect, schema: { source: 'demo', tableCount: demoSchema().schema.tables.length } },
        user,
      );
      await audit('schema', {
        schema: { from: before?.schema?.source ?? null, to: 'demo' },
        dialect: { from: before?.dialect ?? null, to: dialect },
      });
      const counts = sql.sample.counts();
      return [
        `:white_check_mark: This channel now uses the *demo shop schema* (${Object.keys(counts)
          .map((t) => inlineCode(t))
          .join(', ')}) in ${dialectLabel(dialect)}.`,
        `Its sample database has ${plural(counts.customers ?? 0, 'customer')}, ${plural(counts.orders ?? 0, 'order')} and ${plural(counts.returns ?? 0, 'return')}; use *Run on sample* under a query to try it.`,
        dialect === 'sqlite'
          ? ''
          : '_The sample database is SQLite: queries using functions only your dialect has may not run on it._',
        'Try `/sql how many orders per customer?`',
      ]
        .filter(Boolean)
        .join('\n');
    }
    case 'schema-ddl': {
      const current = await sql.settings.channel(channel);
      const dialect = command.dialect ?? parseDialect(current?.dialect ?? '') ?? DEFAULT_DIALECT;
      const registered = registerDdl(command.ddl, dialect, 'command');
      if (!registered.ok)
        return describeDdlFailure(registered, 'The DDL', dialect, command.dialect === undefined);
      const pointer = await sql.schemas.store(channel, registered.schema);
      await sql.settings.updateChannel(channel, { dialect, schema: pointer }, user);
      await audit('schema', {
        schema: { from: current?.schema?.source ?? null, to: 'command' },
        dialect: { from: current?.dialect ?? null, to: dialect },
        tables: registered.schema.schema.tables.length,
      });
      return registeredText(
        registered.schema.schema.tables.map((t) => t.name),
        dialect,
        registered.ignoredStatements,
        'this channel',
      );
    }
    case 'dialect-set': {
      const current = await sql.settings.channel(channel);
      const ref = current?.schema?.blobKey ?? DEMO_REF;
      const stored = ref === DEMO_REF ? undefined : await sql.schemas.load(ref);
      if (stored) {
        const reparsed = registerDdl(stored.ddl, command.dialect, stored.source);
        if (!reparsed.ok) {
          return `${describeDdlFailure(reparsed, 'This channel’s DDL', command.dialect, false)}\nThe dialect stays ${dialectLabel(parseDialect(current?.dialect ?? '') ?? DEFAULT_DIALECT)}.`;
        }
      }
      await sql.settings.updateChannel(channel, { dialect: command.dialect }, user);
      await audit('dialect', { dialect: { from: current?.dialect ?? null, to: command.dialect } });
      return `:white_check_mark: Queries in this channel will be written and validated as *${dialectLabel(command.dialect)}*.`;
    }
    case 'writes-set': {
      if (!(await sql.admins.isAdmin(user))) {
        deps.logger.warn({ channel, user, outcome: 'denied' }, 'sql writes setting refused');
        await audit('writes', { allowWrites: command.allow }, 'denied');
        return ':lock: Only Strata admins can change whether generated queries may write. Ask an admin if you need it.';
      }
      const before = await sql.settings.channel(channel);
      await sql.settings.updateChannel(channel, { allowWrites: command.allow }, user);
      await audit('writes', { allowWrites: { from: before?.allowWrites ?? false, to: command.allow } });
      return command.allow
        ? ':unlock: Writes are *allowed* here: a single INSERT, UPDATE or DELETE now passes validation when someone asks for one. DDL and multiple statements never do, and Strata never runs anything but validated SELECTs on the sample database.'
        : ':lock: Writes are *off*: only read-only SELECT queries pass validation in this channel.';
    }
    case 'reply':
    case 'question':
      return command.kind === 'reply' ? command.text : 'Ask questions with `/sql <question>`.';
  }
}

async function describeChannel(channel: string, deps: SqlJobDeps): Promise<string> {
  const resolved = await deps.sql.schemas.resolve(channel);
  const { registered } = resolved;
  const names = registered.schema.tables.map((t) => t.name);
  const shown = names.slice(0, 40).map(inlineCode).join(', ');
  const source =
    resolved.scope === 'default'
      ? 'No schema is registered, so questions use the *bundled demo shop schema*.'
      : registered.source === 'demo'
        ? 'This channel uses the *demo shop schema*.'
        : `This channel’s schema came from ${registered.source === 'file' ? `the file ${inlineCode(registered.fileName ?? 'schema.sql')}` : '`/sql schema`'}.`;
  return [
    `:card_index_dividers: ${source}`,
    `• *Dialect:* ${dialectLabel(registered.dialect)} — change with \`/sql dialect <${Object.keys(DIALECTS).join('|')}>\``,
    `• *Tables (${names.length}):* ${shown}${names.length > 40 ? `, … and ${names.length - 40} more` : ''}`,
    `• *Writes:* ${resolved.allowWrites ? 'allowed (INSERT/UPDATE/DELETE pass validation)' : 'off — only read-only SELECT passes validation'}`,
    `• *Run on sample:* ${resolved.ref === DEMO_REF ? 'available (SQLite sample database)' : 'only with the demo schema'}`,
    'Register a schema with `/sql schema [dialect] CREATE TABLE …`, `/sql schema demo`, or by sharing a `.sql` file in a thread and mentioning me.',
  ].join('\n');
}

export function registeredText(names: string[], dialect: Dialect, ignored: number, scope: string): string {
  const shown = names.slice(0, 25).map(inlineCode).join(', ');
  const lines = [
    `:white_check_mark: Registered ${plural(names.length, 'table')} for ${scope} (${dialectLabel(dialect)}): ${shown}${names.length > 25 ? `, … and ${names.length - 25} more` : ''}.`,
  ];
  if (names.length > DEFAULT_SELECTION.wholeSchemaTables) {
    lines.push(
      `That is a large schema: each question carries only the ${DEFAULT_SELECTION.maxTables} or so tables most related to it, and every query is still checked against all ${names.length}.`,
    );
  }
  if (ignored > 0)
    lines.push(
      `_Skipped ${plural(ignored, 'statement')} that ${ignored === 1 ? 'is' : 'are'} not CREATE TABLE / CREATE VIEW (indexes, comments, grants …)._`,
    );
  return lines.join('\n');
}
