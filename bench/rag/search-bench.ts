import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { connect } from '@lancedb/lancedb';
import { hashEmbedding } from '../../src/local/bedrock/hash-embedding.js';
import { chunkSchema, toArrowTable } from '../../src/store/vector-arrow.js';
import { type AnnSettings, createLanceVectorIndex, DEFAULT_ANN } from '../../src/store/vector-lancedb.js';
import { percentile } from '../bench-kit.js';
import { benchQueries, type CorpusOptions, corpusBatches } from './corpus.js';

export interface SearchBenchOptions extends CorpusOptions {
  queries: number;
  k: number;
  channelsPerUser: number;
  /** HNSW `ef` values to measure besides the default. */
  efs: number[];
  /** Refine factors (candidates re-ranked with full vectors, × k) to measure besides the default. */
  refines: number[];
}

const cosine = (a: Float32Array, b: Float32Array) => a.reduce((s, v, i) => s + v * (b[i] ?? 0), 0);

/**
 * One corpus size: build the LanceDB table and its indexes, then answer the same filtered queries with exact
 * search (ground truth and baseline) and with the ANN index, through Strata's own VectorIndex.
 */
export async function searchBench(options: SearchBenchOptions) {
  const dir = await mkdtemp(join(tmpdir(), 'strata-bench-rag-'));
  try {
    const db = await connect(dir);
    const table = await db.createEmptyTable(`chunks_${options.dimensions}`, chunkSchema(options.dimensions));
    let embedMs = 0;
    let writeMs = 0;
    let mark = performance.now();
    for (const batch of corpusBatches(options, 20_000)) {
      embedMs += performance.now() - mark;
      mark = performance.now();
      await table.add(toArrowTable(batch, options.dimensions));
      writeMs += performance.now() - mark;
      mark = performance.now();
    }
    mark = performance.now();
    await table.optimize();
    const compactMs = performance.now() - mark;
    table.close();
    db.close();

    const index = createLanceVectorIndex({
      uri: dir,
      dimensions: options.dimensions,
      ann: { ...DEFAULT_ANN, minRows: 1 },
    });
    mark = performance.now();
    const built = await index.optimize();
    const indexMs = performance.now() - mark;

    const queries = benchQueries(options, options.queries, options.channelsPerUser);
    const warm = queries.slice(0, 10);
    for (const q of warm)
      await index.search({ vector: q.vector, channels: q.channels, k: options.k, exact: true });

    const exactMs: number[] = [];
    const truth: Array<{ threshold: number; count: number }> = [];
    for (const q of queries) {
      const at = performance.now();
      const hits = await index.search({ vector: q.vector, channels: q.channels, k: options.k, exact: true });
      exactMs.push(performance.now() - at);
      truth.push({ threshold: (hits.at(-1)?.score ?? 0) - 1e-5, count: hits.length });
    }

    const ann = [];
    for (const ef of [...new Set([DEFAULT_ANN.ef, ...options.efs])].sort((a, b) => a - b)) {
      for (const refineFactor of [...new Set([DEFAULT_ANN.refineFactor, ...options.refines])].sort(
        (a, b) => a - b,
      )) {
        const settings = { ...DEFAULT_ANN, ef, refineFactor };
        const isDefault = ef === DEFAULT_ANN.ef && refineFactor === DEFAULT_ANN.refineFactor;
        ann.push({
          ef,
          refine_factor: refineFactor,
          default: isDefault,
          ...(await measureAnn(dir, options, queries, truth, settings)),
        });
      }
    }
    await index.close();
    return {
      rows: built.rows,
      ann_indexed: built.annIndexed,
      build: {
        embed_s: round(embedMs / 1000),
        write_s: round(writeMs / 1000),
        compact_s: round(compactMs / 1000),
        ann_index_s: round(indexMs / 1000),
      },
      disk_mib: diskMib(dir),
      rss_mib: Math.round(process.memoryUsage().rss / 2 ** 20),
      exact: { p50_ms: percentile(exactMs, 50), p95_ms: percentile(exactMs, 95) },
      ann,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function measureAnn(
  dir: string,
  options: SearchBenchOptions,
  queries: ReturnType<typeof benchQueries>,
  truth: Array<{ threshold: number; count: number }>,
  ann: AnnSettings,
) {
  const index = createLanceVectorIndex({ uri: dir, dimensions: options.dimensions, ann });
  for (const q of queries.slice(0, 10))
    await index.search({ vector: q.vector, channels: q.channels, k: options.k });
  const ms: number[] = [];
  let recall = 0;
  for (const [i, q] of queries.entries()) {
    const at = performance.now();
    const hits = await index.search({ vector: q.vector, channels: q.channels, k: options.k });
    ms.push(performance.now() - at);
    const expected = truth[i] ?? { threshold: 0, count: 0 };
    // Tie-aware: a hit counts when it is as close as the k-th exact neighbour (many messages embed alike).
    const good = hits.filter(
      (h) =>
        q.channels.includes(h.channel) &&
        cosine(hashEmbedding(h.text, { dimensions: options.dimensions }), q.vector) >= expected.threshold,
    ).length;
    recall += expected.count === 0 ? 1 : Math.min(good, expected.count) / expected.count;
  }
  await index.close();
  return {
    p50_ms: percentile(ms, 50),
    p95_ms: percentile(ms, 95),
    recall_at_k: round(recall / queries.length, 3),
  };
}

function diskMib(dir: string): number {
  const out = execFileSync('du', ['-sm', dir], { encoding: 'utf8' });
  return Number(out.split(/\s+/)[0]);
}

function round(value: number, digits = 1): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
