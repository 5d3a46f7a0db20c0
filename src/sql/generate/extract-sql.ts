/** The parts of a model reply to a SQL request: the prose around the query, and the query itself. */
export interface ExtractedReply {
  explanation: string;
  /** The prose after the query block (shown after validation; it is not streamed). */
  after: string;
  /** undefined when the reply has no query (the model declined or asked for clarification). */
  sql: string | undefined;
}

const fence = /```[ \t]*([A-Za-z0-9_-]*)[^\n]*\n([\s\S]*?)(?:```|$)/g;
const sqlStart =
  /^\s*(?:SELECT|WITH|INSERT|UPDATE|DELETE|REPLACE|MERGE|CREATE|DROP|ALTER|TRUNCATE|GRANT|EXPLAIN|PRAGMA|ATTACH|VALUES|SHOW)\b/i;

/**
 * Takes the first fenced code block tagged `sql` (or the first untagged one that reads as SQL); without
 * a fence, a reply that is itself SQL. An unclosed fence (the reply hit max tokens) counts up to the end.
 */
export function extractSql(reply: string): ExtractedReply {
  const blocks = [...reply.matchAll(fence)].map((match) => ({
    language: (match[1] ?? '').toLowerCase(),
    body: match[2] ?? '',
    start: match.index ?? 0,
    end: (match.index ?? 0) + match[0].length,
  }));
  const block =
    blocks.find((b) => b.language === 'sql') ??
    blocks.find((b) => (b.language === '' || b.language.endsWith('sql')) && sqlStart.test(b.body));
  if (block) {
    const after = reply.slice(block.end).trim();
    const explanation = `${reply.slice(0, block.start).trimEnd()}\n\n${after}`.trim();
    return { explanation, after, sql: cleanSql(block.body) };
  }
  if (sqlStart.test(reply)) return { explanation: '', after: '', sql: cleanSql(reply) };
  return { explanation: reply.trim(), after: '', sql: undefined };
}

function cleanSql(text: string): string | undefined {
  const sql = text.trim();
  return sql === '' ? undefined : sql;
}

/**
 * Feeds streamed model text through, passing on only the prose before the first code fence: the query is
 * held back until it has been validated. A partial fence at the end of a chunk waits for the next chunk.
 */
export class ExplanationFilter {
  private pending = '';
  private inQuery = false;
  private started = false;

  /** The text that can be shown now. */
  push(chunk: string): string {
    if (this.inQuery) return '';
    this.pending += chunk;
    if (!this.started) {
      // A reply that is bare SQL (no fence) must not be streamed either.
      const head = this.pending.trimStart();
      if (!/\s/.test(head) && head.length < 10) return '';
      if (sqlStart.test(head)) {
        this.inQuery = true;
        this.pending = '';
        return '';
      }
      this.started = true;
    }
    const at = this.pending.indexOf('```');
    if (at >= 0) {
      this.inQuery = true;
      const shown = this.pending.slice(0, at);
      this.pending = '';
      return shown;
    }
    const keep = this.pending.endsWith('``') ? 2 : this.pending.endsWith('`') ? 1 : 0;
    const shown = this.pending.slice(0, this.pending.length - keep);
    this.pending = this.pending.slice(this.pending.length - keep);
    return shown;
  }

  /** Whatever was held back at the end, when no fence followed. */
  flush(): string {
    const rest = this.inQuery || (!this.started && sqlStart.test(this.pending)) ? '' : this.pending;
    this.pending = '';
    return rest;
  }

  get sawQuery(): boolean {
    return this.inQuery;
  }
}
