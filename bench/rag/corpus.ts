import { hashEmbedding } from '../../src/local/bedrock/hash-embedding.js';
import {
  generateMessage,
  generateQuestion,
  pick,
  seededRandom,
  TOPICS,
  type Topic,
} from '../../src/rag/demo/message-generator.js';
import type { VectorRecord } from '../../src/store/vector-index.js';

/**
 * A synthetic Slack workspace for the benchmark: `channels` channels, each about two or three topics,
 * messages generated from those topics and embedded with the local Titan stand-in (the same vectors
 * local mode stores). Deterministic from the seed; nothing is written to the repository.
 */
export interface CorpusOptions {
  size: number;
  dimensions: number;
  channels: number;
  seed: number;
}

export interface BenchChannel {
  id: string;
  topics: Topic[];
}

export function benchChannels(count: number, seed: number): BenchChannel[] {
  const random = seededRandom(seed ^ 0x9e3779b9);
  return Array.from({ length: count }, (_, i) => ({
    id: `C${String(i).padStart(6, '0')}BENCH`,
    topics: Array.from({ length: 2 + Math.floor(random() * 2) }, () => pick(random, TOPICS)),
  }));
}

/** Records in batches, so a million vectors never sit in memory at once. */
export function* corpusBatches(options: CorpusOptions, batchSize: number): Generator<VectorRecord[]> {
  const random = seededRandom(options.seed);
  const channels = benchChannels(options.channels, options.seed);
  const start = 1_750_000_000;
  for (let at = 0; at < options.size; at += batchSize) {
    const batch: VectorRecord[] = [];
    for (let i = at; i < Math.min(options.size, at + batchSize); i++) {
      // Busy channels are busier: a skewed choice, as in real workspaces.
      const channel = channels[Math.floor(random() ** 1.6 * channels.length)] ?? channels[0];
      if (!channel) throw new Error('no channels');
      const text = generateMessage(random, pick(random, channel.topics));
      const ts = `${start + i * 7}.${String(i % 1_000_000).padStart(6, '0')}`;
      batch.push({
        id: `${channel.id}:${ts}:0`,
        channel: channel.id,
        ts,
        threadTs: '',
        part: 0,
        user: 'U0BENCH',
        author: 'Bench User',
        text,
        sources: [ts],
        version: ts,
        vector: hashEmbedding(text, { dimensions: options.dimensions }),
      });
    }
    yield batch;
  }
}

export interface BenchQuery {
  text: string;
  vector: Float32Array;
  /** The channels the asking user is a member of. */
  channels: string[];
}

/** Questions from users who are members of a handful of channels each. */
export function benchQueries(options: CorpusOptions, count: number, channelsPerUser: number): BenchQuery[] {
  const random = seededRandom(options.seed + 1);
  const channels = benchChannels(options.channels, options.seed);
  return Array.from({ length: count }, () => {
    const member = new Set<BenchChannel>();
    while (member.size < Math.min(channelsPerUser, channels.length)) member.add(pick(random, channels));
    const about = pick(random, [...member]);
    const text = generateQuestion(random, pick(random, about.topics));
    return {
      text,
      vector: hashEmbedding(text, { dimensions: options.dimensions }),
      channels: [...member].map((c) => c.id),
    };
  });
}
