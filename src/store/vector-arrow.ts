import {
  type Data,
  Field,
  FixedSizeList,
  Float32,
  Int32,
  makeData,
  RecordBatch,
  Schema,
  Struct,
  Table,
  Utf8,
  vectorFromArray,
} from 'apache-arrow';
import { encodeSources } from './vector-filter.js';
import type { VectorRecord } from './vector-index.js';

/** Column names on disk. */
export const COLUMNS = [
  'id',
  'channel',
  'ts',
  'thread_ts',
  'part',
  'user',
  'author',
  'text',
  'sources',
  'version',
] as const;

export function chunkSchema(dimensions: number): Schema {
  return new Schema([
    ...COLUMNS.map((name) => new Field(name, name === 'part' ? new Int32() : new Utf8(), false)),
    new Field('vector', new FixedSizeList(dimensions, new Field('item', new Float32(), true)), false),
  ]);
}

/**
 * Records → one Arrow record batch, built column by column (the vectors as one contiguous Float32Array),
 * which is an order of magnitude faster than letting LanceDB infer Arrow from objects.
 */
export function toArrowTable(records: readonly VectorRecord[], dimensions: number): Table {
  const schema = chunkSchema(dimensions);
  const length = records.length;
  const flat = new Float32Array(length * dimensions);
  const part = new Int32Array(length);
  records.forEach((record, row) => {
    if (record.vector.length !== dimensions) {
      throw new Error(`vector of ${record.vector.length} dimensions in an index of ${dimensions}`);
    }
    flat.set(record.vector, row * dimensions);
    part[row] = record.part;
  });
  const text = (pick: (r: VectorRecord) => string): Data => {
    const [data] = vectorFromArray(records.map(pick), new Utf8()).data;
    if (data === undefined) throw new Error('arrow produced no data for a text column');
    return data;
  };
  const vectorType = schema.fields.at(-1)?.type as FixedSizeList<Float32>;
  const children: Data[] = [
    text((r) => r.id),
    text((r) => r.channel),
    text((r) => r.ts),
    text((r) => r.threadTs),
    makeData({ type: new Int32(), length, data: part }),
    text((r) => r.user),
    text((r) => r.author),
    text((r) => r.text),
    text((r) => encodeSources(r.sources)),
    text((r) => r.version),
    makeData({
      type: vectorType,
      length,
      nullCount: 0,
      child: makeData({ type: new Float32(), length: length * dimensions, data: flat }),
    }),
  ];
  const struct = makeData({ type: new Struct(schema.fields), length, nullCount: 0, children });
  return new Table(schema, new RecordBatch(schema, struct));
}
