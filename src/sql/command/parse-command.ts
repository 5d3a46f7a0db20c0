import { type Dialect, parseDialect } from '../dialects.js';

export const MAX_QUESTION_CHARS = 4000;

/** What `/sql <text>` asks for. `reply` is answered at once (help, bad input); the rest become jobs. */
export type SqlCommand =
  | { kind: 'reply'; text: string }
  | { kind: 'question'; question: string }
  | { kind: 'schema-show' }
  | { kind: 'schema-demo'; dialect?: Dialect }
  | { kind: 'schema-ddl'; ddl: string; dialect?: Dialect }
  | { kind: 'dialect-show' }
  | { kind: 'dialect-set'; dialect: Dialect }
  | { kind: 'writes-show' }
  | { kind: 'writes-set'; allow: boolean };

export function parseSqlCommand(input: string, usage: string): SqlCommand {
  const text = input.trim();
  const [first = '', ...restWords] = text.split(/\s+/);
  const word = first.toLowerCase();
  const rest = text.slice(first.length).trim();
  if (text === '' || word === 'help') return { kind: 'reply', text: usage };

  if (word === 'schema') return parseSchema(rest);
  if (word === 'dialect') {
    if (rest === '') return { kind: 'dialect-show' };
    const dialect = parseDialect(rest);
    if (dialect === undefined) {
      return bad(`\`${clip(rest)}\` is not a dialect I know.`, '/sql dialect postgresql', true);
    }
    return { kind: 'dialect-set', dialect };
  }
  if (word === 'writes') {
    if (rest === '') return { kind: 'writes-show' };
    const value = restWords[0]?.toLowerCase();
    if (value === 'on' || value === 'off') return { kind: 'writes-set', allow: value === 'on' };
    return bad('`/sql writes` takes `on` or `off`.', '/sql writes off');
  }
  return question(word === 'ask' ? rest : text);
}

function parseSchema(rest: string): SqlCommand {
  if (rest === '' || rest.toLowerCase() === 'show') return { kind: 'schema-show' };
  const words = rest.split(/\s+/);
  const [head = '', second] = words;
  if (head.toLowerCase() === 'demo' || (second?.toLowerCase() === 'demo' && words.length === 2)) {
    const named = head.toLowerCase() === 'demo' ? second : head;
    if (words.length > 2)
      return bad('`/sql schema demo` takes at most a dialect.', '/sql schema demo sqlite');
    if (named === undefined) return { kind: 'schema-demo' };
    const demoDialect = parseDialect(named);
    if (demoDialect === undefined)
      return bad(`\`${clip(named)}\` is not a dialect I know.`, '/sql schema demo sqlite', true);
    return { kind: 'schema-demo', dialect: demoDialect };
  }
  const dialect = parseDialect(head);
  const body = dialect ? rest.slice(head.length).trim() : rest;
  if (dialect !== undefined && body === '') {
    return bad(
      'Paste the DDL after the dialect.',
      '/sql schema postgresql CREATE TABLE orders (id int PRIMARY KEY, …);',
    );
  }
  if (!/\bcreate\s/i.test(body)) {
    return {
      kind: 'reply',
      text:
        ':warning: `/sql schema` expects DDL (`CREATE TABLE …` statements) or `demo`.\n' +
        '*Usage:* `/sql schema [dialect] CREATE TABLE orders (id int PRIMARY KEY, …);`  or  `/sql schema demo`\n' +
        'To ask a question that starts with the word "schema", use `/sql ask schema …`.',
    };
  }
  return dialect ? { kind: 'schema-ddl', ddl: body, dialect } : { kind: 'schema-ddl', ddl: body };
}

function question(text: string): SqlCommand {
  if (text === '') return bad('The question is empty.', '/sql how many orders per customer?');
  if (text.length > MAX_QUESTION_CHARS) {
    return {
      kind: 'reply',
      text:
        `:warning: Your question is ${text.length.toLocaleString('en-US')} characters; the limit is ${MAX_QUESTION_CHARS.toLocaleString('en-US')}.\n` +
        'Ask it in a sentence or two. To give me table definitions, register them with `/sql schema …` or share a `.sql` file in a thread instead of pasting them into the question.',
    };
  }
  return { kind: 'question', question: text };
}

function bad(problem: string, example: string, listDialects = false): SqlCommand {
  const dialects = listDialects
    ? '\nDialects: `postgresql`, `mysql`, `sqlite`, `redshift`, `athena`, `trino`, `snowflake`.'
    : '';
  return {
    kind: 'reply',
    text: `:warning: ${problem}\n*Usage:* \`${example}\`${dialects}\nSee \`/sql help\` for everything /sql can do.`,
  };
}

function clip(text: string): string {
  const cut = text.length > 40 ? `${text.slice(0, 39)}…` : text;
  return cut.replace(/[`<>&]/g, '');
}
