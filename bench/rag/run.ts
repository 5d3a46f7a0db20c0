/**
 * Answers from channel history: vector search and backfill, measured. Writes bench/results/rag.json.
 *
 * Search: synthetic workspaces of `--sizes` messages (text generated across topics and 40 channels, embedded
 * with the local Titan stand-in, nothing committed), LanceDB build time, query p50/p95 at k=10 with a channel
 * filter (each asker is in 5 channels) for exact search beside the ANN index, recall@k of ANN against exact,
 * disk and memory. Backfill: messages/s through the Slack emulator (its rate limits on and off).
 *
 *   npm run bench:rag -- --sizes 10000,100000,1000000 --queries 200 --ef 100,200 --refine 10 --backfill 3000
 */
import { loadavg } from 'node:os';
import { arg, machine, writeResult } from '../bench-kit.js';
import { backfillBench } from './backfill-bench.js';
import { searchBench } from './search-bench.js';

const sizes = arg('sizes', '10000,100000').split(',').map(Number);
const dimensions = Number(arg('dims', '1024'));
const queries = Number(arg('queries', '200'));
const k = Number(arg('k', '10'));
const efs = arg('ef', '100,200').split(',').map(Number);
const refines = arg('refine', '10').split(',').map(Number);
const backfillMessages = Number(arg('backfill', '3000'));
const channels = 40;
const channelsPerUser = 5;

const log = (line: string) => process.stdout.write(`${line}\n`);

const search = [];
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
  search.push(result);
}

const backfill = [];
if (backfillMessages > 0) {
  for (const scenario of [
    { name: 'no threads, Slack limits on', messages: backfillMessages, threadRatio: 0, slackLimits: true },
    {
      name: '2% of messages start a thread, Slack limits on',
      messages: backfillMessages,
      threadRatio: 0.02,
      slackLimits: true,
    },
    {
      name: '2% of messages start a thread, Slack limits off',
      messages: backfillMessages,
      threadRatio: 0.02,
      slackLimits: false,
    },
  ]) {
    log(`backfill: ${scenario.name}…`);
    const result = await backfillBench(scenario, dimensions);
    log(`  ${JSON.stringify(result)}`);
    backfill.push(result);
  }
}

const path = await writeResult('rag', {
  machine: { ...machine(), load_average_at_end: loadavg().map((l) => Math.round(l * 10) / 10) },
  inputs: {
    sizes,
    dimensions,
    queries,
    k,
    channels,
    channels_per_user: channelsPerUser,
    backfill_messages: backfillMessages,
  },
  targets: { p95_ms_at_1m: 50, recall_at_10_at_1m: 0.95, backfill_messages_per_second: 500 },
  notes: [
    'Vectors come from the local Titan stand-in (feature hashing), not Titan itself: real embeddings cluster more tightly, which helps ANN recall.',
    'Recall is tie-aware: an ANN hit counts when it is as close to the query as the k-th exact neighbour.',
    'Exact search is the baseline measured in the same run: LanceDB flat search with the same channel prefilter.',
    'Backfill under Slack limits is bounded by conversations.replies: one call per thread, at the backfill share (default half) of Tier 3 (50/min).',
  ],
  search,
  backfill,
});
log(`wrote ${path}`);
