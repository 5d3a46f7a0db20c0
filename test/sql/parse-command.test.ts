import { describe, expect, it } from 'vitest';
import { mentionIntent } from '../../src/sql/command/mention-intent.js';
import { MAX_QUESTION_CHARS, parseSqlCommand } from '../../src/sql/command/parse-command.js';

const USAGE = 'usage text';
const parse = (text: string) => parseSqlCommand(text, USAGE);

describe('/sql text', () => {
  it('answers an empty command or help with the usage', () => {
    expect(parse('')).toEqual({ kind: 'reply', text: USAGE });
    expect(parse('  help ')).toEqual({ kind: 'reply', text: USAGE });
  });

  it('treats anything else as a question, and `ask` as an explicit one', () => {
    expect(parse('how many orders per customer?')).toEqual({
      kind: 'question',
      question: 'how many orders per customer?',
    });
    expect(parse('ask schema changes per month')).toEqual({
      kind: 'question',
      question: 'schema changes per month',
    });
  });

  it('refuses an empty `ask` with the usage line', () => {
    expect(parse('ask')).toEqual({ kind: 'reply', text: expect.stringContaining('The question is empty.') });
  });

  it('refuses a question over 4,000 characters and says how long it was', () => {
    const result = parse('x'.repeat(MAX_QUESTION_CHARS + 1));
    expect(result).toEqual({
      kind: 'reply',
      text: expect.stringContaining('Your question is 4,001 characters; the limit is 4,000.'),
    });
  });

  it('reads schema, dialect and writes subcommands', () => {
    expect(parse('schema')).toEqual({ kind: 'schema-show' });
    expect(parse('schema demo')).toEqual({ kind: 'schema-demo' });
    expect(parse('schema demo postgres')).toEqual({ kind: 'schema-demo', dialect: 'postgresql' });
    expect(parse('schema mysql CREATE TABLE a (id int)')).toEqual({
      kind: 'schema-ddl',
      ddl: 'CREATE TABLE a (id int)',
      dialect: 'mysql',
    });
    expect(parse('schema CREATE TABLE a (id int)')).toEqual({
      kind: 'schema-ddl',
      ddl: 'CREATE TABLE a (id int)',
    });
    expect(parse('dialect')).toEqual({ kind: 'dialect-show' });
    expect(parse('dialect Postgres')).toEqual({ kind: 'dialect-set', dialect: 'postgresql' });
    expect(parse('writes on')).toEqual({ kind: 'writes-set', allow: true });
    expect(parse('writes OFF')).toEqual({ kind: 'writes-set', allow: false });
  });

  it('explains a schema argument that is not DDL', () => {
    expect(parse('schema of the orders table')).toEqual({
      kind: 'reply',
      text: expect.stringContaining('`/sql schema` expects DDL (`CREATE TABLE …` statements) or `demo`.'),
    });
  });

  it('names the dialects when one is unknown', () => {
    expect(parse('dialect oracle')).toEqual({
      kind: 'reply',
      text: expect.stringMatching(/`oracle` is not a dialect I know\.[\s\S]*Dialects: `postgresql`, `mysql`/),
    });
  });
});

describe('mentions', () => {
  const base = { botUserId: 'U0STRATA', files: [], inSqlThread: async () => false };

  it('takes `@Strata sql: …` as a question', async () => {
    expect(await mentionIntent({ ...base, text: '<@U0STRATA> sql: top 5 products' })).toEqual({
      kind: 'question',
      question: 'top 5 products',
    });
  });

  it('leaves other mentions to chat, unless the thread is a SQL thread', async () => {
    expect(await mentionIntent({ ...base, text: '<@U0STRATA> what is Bedrock?' })).toBeUndefined();
    expect(
      await mentionIntent({ ...base, text: '<@U0STRATA> only for 2025', inSqlThread: async () => true }),
    ).toEqual({
      kind: 'question',
      question: 'only for 2025',
    });
  });

  it('takes a shared .sql file as a schema, with the text as a question', async () => {
    const files = [
      { id: 'F1', name: 'warehouse.SQL' },
      { id: 'F2', name: 'notes.txt' },
    ];
    expect(await mentionIntent({ ...base, files, text: '<@U0STRATA> revenue per region?' })).toEqual({
      kind: 'schema-file',
      files: [{ id: 'F1', name: 'warehouse.SQL' }],
      question: 'revenue per region?',
    });
  });

  it('answers an empty or huge question with a usage hint', async () => {
    expect(await mentionIntent({ ...base, text: '<@U0STRATA> sql:' })).toMatchObject({
      kind: 'bad-input',
      text: expect.stringContaining('The question is empty.'),
    });
    expect(await mentionIntent({ ...base, text: `<@U0STRATA> sql: ${'y'.repeat(5000)}` })).toMatchObject({
      kind: 'bad-input',
      text: expect.stringContaining('5,000 characters'),
    });
  });
});
