import { describe, expect, it } from 'vitest';
import { ExplanationFilter, extractSql } from '../../src/sql/generate/extract-sql.js';

describe('SQL extraction from model output', () => {
  it('takes the sql fence and keeps the prose around it as the explanation', () => {
    expect(
      extractSql('Counts orders per customer.\n\n```sql\nSELECT 1\n```\n\nNote: includes cancelled.'),
    ).toEqual({
      explanation: 'Counts orders per customer.\n\nNote: includes cancelled.',
      after: 'Note: includes cancelled.',
      sql: 'SELECT 1',
    });
  });

  it('prefers the sql-tagged block over other code blocks', () => {
    const reply = 'Here:\n```text\nnot this\n```\n```sql\nSELECT id FROM orders\n```';
    expect(extractSql(reply).sql).toBe('SELECT id FROM orders');
  });

  it('accepts an untagged fence that reads as SQL, and a reply that is bare SQL', () => {
    expect(extractSql('```\nWITH t AS (SELECT 1) SELECT * FROM t\n```').sql).toBe(
      'WITH t AS (SELECT 1) SELECT * FROM t',
    );
    expect(extractSql('SELECT id FROM orders;')).toEqual({
      explanation: '',
      after: '',
      sql: 'SELECT id FROM orders;',
    });
  });

  it('takes an unclosed fence (a reply cut at max tokens) up to the end', () => {
    expect(extractSql('Explanation.\n```sql\nSELECT id\nFROM orders').sql).toBe('SELECT id\nFROM orders');
  });

  it('returns no SQL when the model declined', () => {
    expect(extractSql('The schema has no table about employees, so I cannot answer that.')).toEqual({
      explanation: 'The schema has no table about employees, so I cannot answer that.',
      after: '',
      sql: undefined,
    });
  });
});

describe('streaming only the explanation', () => {
  const stream = (chunks: string[]) => {
    const filter = new ExplanationFilter();
    const shown = chunks.map((c) => filter.push(c)).join('') + filter.flush();
    return { shown, sawQuery: filter.sawQuery };
  };

  it('passes prose through and holds back everything from the fence on, even a fence split across chunks', () => {
    expect(stream(['Counts the ', 'orders.\n\n`', '``s', 'ql\nSELECT 1\n```'])).toEqual({
      shown: 'Counts the orders.\n\n',
      sawQuery: true,
    });
  });

  it('holds back a reply that starts as bare SQL', () => {
    expect(stream(['SEL', 'ECT id ', 'FROM orders'])).toEqual({ shown: '', sawQuery: true });
  });

  it('shows a reply without any query in full', () => {
    expect(stream(['I cannot ', 'answer that.'])).toEqual({
      shown: 'I cannot answer that.',
      sawQuery: false,
    });
  });
});
