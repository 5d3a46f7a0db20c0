/**
 * Answers from channel history: vector search and backfill, measured. Writes bench/results/rag.json.
 *
 * Search: synthetic workspaces of `--sizes` messages (text generated across topics and 40 channels, embedded
 * with the local Titan stand-in, nothing committed), LanceDB build time, query p50/p95 at k=10 with a channel
 * filter (each asker is in 5 channels) for exact search beside the ANN index, recall@k of ANN against exact,
 * disk and memory. Backfill: messages/s for each of `--backfill` channel sizes, with Strata alone in its
 * process and the stand-ins (Slack emulator, local Bedrock, DynamoDB) in another, as in AWS; Slack's rate
 * limits on, with and without threads, and off; `--page-size` messages a history page (default 999).
 *
 *   npm run bench:rag -- --sizes 10000,100000,1000000 --queries 200 --ef 100,200 --refine 10 --backfill 3000,20000
 *
 * Either part alone: `--sizes none` measures only the backfill and `--backfill none` only search; the part
 * not measured keeps its section (with its own inputs, machine and date) from the existing rag.json.
 */
import { readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { arg, machine, writeResult } from '../bench-kit.js';
import { backfillBench } from './backfill-bench.js';
import { searchBench } from './search-bench.js';

/** Comma-separated sizes; `none` (or 0) is none. */
const sizesArg = (name: string, fallback: string) =>
  arg(name, fallback)
    .split(',')
    .map(Number)
    .filter((n) => n > 0);
const sizes = sizesArg('sizes', '10000,100000');
const dimensions = Number(arg('dims', '1024'));
const queries = Number(arg('queries', '200'));
const k = Number(arg('k', '10'));
const efs = arg('ef', '100,200').split(',').map(Number);
const refines = arg('refine', '10').split(',').map(Number);
const backfillSizes = sizesArg('backfill', '3000');
const pageSize = Number(arg('page-size', '999'));
const threadRatio = 0.02;
const channels = 40;
const channelsPerUser = 5;

const log = (line: string) => process.stdout.write(`${line}\n`);
const previous = await readPrevious('bench/results/rag.json');
const run = () => ({
  at: new Date().toISOString(),
  machine: { ...machine(), load_average: loadavg().map((l) => Math.round(l * 10) / 10) },
});

let search = previous.search;
if (sizes.length > 0) {
  const results = [];
  for (const size of sizes) {
    log(`search: ${size.toLocaleString('en-US')} vectors × ${dimensions} dims…`);
    const result = await searchBench({
      size,
      dimensions,
      channels,
      seed: 7,
      queries,
      k,
      channelsPerUser,
      efs,
      refines,
    });
    log(`  ${JSON.stringify(result)}`);
    results.push(result);
  }
  search = {
    run: {
      ...run(),
      inputs: { sizes, dimensions, queries, k, channels, channels_per_user: channelsPerUser, efs, refines },
    },
    results,
  };
}

let backfill = previous.backfill;
if (backfillSizes.length > 0) {
  const results = [];
  for (const messages of backfillSizes) {
    for (const scenario of [
      { name: 'no threads, Slack limits on', threadRatio: 0, slackLimits: true },
      { name: '2% of messages start a thread, Slack limits on', threadRatio, slackLimits: true },
      { name: '2% of messages start a thread, Slack limits off', threadRatio, slackLimits: false },
    ]) {
      log(`backfill: ${messages.toLocaleString('en-US')} messages, ${scenario.name}…`);
      const result = await backfillBench({ ...scenario, messages, pageSize }, dimensions);
      log(`  ${JSON.stringify(result)}`);
      results.push(result);
    }
  }
  backfill = {
    run: {
      ...run(),
      inputs: {
        messages: backfillSizes,
        thread_ratio: threadRatio,
        replies_per_thread: 3,
        dimensions,
        history_page_size: pageSize,
      },
    },
    results,
  };
}

const path = await writeResult('rag', {
  targets: { p95_ms_at_1m: 50, recall_at_10_at_1m: 0.95, backfill_messages_per_second: 500 },
  notes: [
    'Vectors come from the local Titan stand-in (feature hashing), not Titan itself: real embeddings cluster more tightly, which helps ANN recall.',
    'Recall is tie-aware: an ANN hit counts when it is as close to the query as the k-th exact neighbour.',
    'Exact search is the baseline measured in the same run: LanceDB flat search with the same channel prefilter.',
    'Backfill runs Strata alone in a process (as in AWS, where Slack, Bedrock and DynamoDB are remote), built from config with its defaults (`--page-size` sets STRATA_HISTORY_PAGE_SIZE, default 999 as in Strata; STRATA_EMBEDDING_CONCURRENCY is taken from the environment when set); the stand-ins answer from another process on the same machine, so both share its cores. CPU per message is given for each; for a run Slack holds back, it includes the idle process over the whole wait.',
    'Backfill time runs from `/bedrock index add` to the channel being ready (progress in DynamoDB, vectors in LanceDB, compacted); the ANN index build is left out (the index stays exact below STRATA_VECTOR_ANN_MIN_ROWS) and measured under search.',
    'Under Slack limits a backfill spends half (STRATA_BACKFILL_RATE_SHARE) of Tier 3: 25 calls a minute after a burst of 5, for conversations.history and conversations.replies each. So every thread costs 2.4 s of conversations.replies, and a channel longer than five pages costs 2.4 s per page of conversations.history (at the default STRATA_HISTORY_PAGE_SIZE of 999, that caps a long channel at about 415 messages/s past its first five pages).',
  ],
  search,
  backfill,
});
log(`wrote ${path}`);

/** The sections of the last rag.json, kept for the part not measured this time. */
async function readPrevious(path: string): Promise<{ search?: unknown; backfill?: unknown }> {
  const text = await readFile(path, 'utf8').catch(() => undefined);
  if (text === undefined) return {};
  const { search, backfill } = JSON.parse(text) as { search?: unknown; backfill?: unknown };
  return { search, backfill };
}
