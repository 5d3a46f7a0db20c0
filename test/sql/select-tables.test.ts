import { describe, expect, it } from 'vitest';
import { generationSystemPrompt } from '../../src/sql/generate/prompt.js';
import { selectTables, tokens } from '../../src/sql/schema/select-tables.js';
import { demoSchema } from '../../src/sql/schema-repository.js';
import type { SchemaTable, SqlSchema } from '../../src/sql/sql-schema.js';

function bigSchema(): SqlSchema {
  const filler: SchemaTable[] = Array.from({ length: 495 }, (_, i) => ({
    name: `legacy_table_${i}`,
    kind: 'table',
    columnsKnown: true,
    columns: [
      { name: 'id', type: 'INT', primaryKey: true },
      { name: `attribute_${i}`, type: 'TEXT' },
      { name: 'created_at', type: 'TIMESTAMP' },
    ],
  }));
  const demo = demoSchema().schema.tables;
  return { tables: [...filler.slice(0, 200), ...demo, ...filler.slice(200)] };
}

describe('relevant-table selection', () => {
  it('sends a small schema whole', () => {
    const schema = demoSchema().schema;
    expect(selectTables(schema, 'anything at all')).toEqual({ tables: schema.tables, omitted: [] });
  });

  it('picks the tables a question names from 500, plus the tables they join to', () => {
    const selection = selectTables(bigSchema(), 'Which products were returned most often?');
    const names = selection.tables.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['products', 'returns', 'order_items']));
    expect(names.length).toBeLessThanOrEqual(12);
    expect(selection.omitted).toHaveLength(500 - names.length);
  });

  it('keeps the prompt small for a 500-table schema and says tables were left out', () => {
    const selection = selectTables(bigSchema(), 'monthly revenue per customer country');
    const prompt = generationSystemPrompt({
      dialect: 'postgresql',
      selection,
      notes: [],
      allowWrites: false,
    });
    expect(prompt).toContain('customers: id INTEGER PK');
    expect(prompt).toContain(`The schema has ${selection.omitted.length} more tables not shown here`);
    expect(prompt.length).toBeLessThan(6000);
  });

  it('splits snake_case and camelCase names and folds plurals', () => {
    expect(tokens('OrderItems order_items Categories')).toEqual([
      'order',
      'item',
      'order',
      'item',
      'category',
    ]);
  });
});
