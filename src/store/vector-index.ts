/**
 * Where message embeddings live. One record per chunk of a Slack message; every query is filtered by
 * channel inside the vector search (never after the top-k), so callers pass only channels the asker may read.
 */

export interface VectorChunk {
  /** Unique per chunk: `${channel}:${ts}:${part}`. */
  id: string;
  channel: string;
  /** Slack ts of the message this chunk cites. */
  ts: string;
  /** Parent ts of the message's thread; '' outside threads. */
  threadTs: string;
  /** 0 for the first (or only) chunk of a message. */
  part: number;
  /** Author's Slack user id, and the name shown in citations. */
  user: string;
  author: string;
  /** What the model reads: the message (or a piece of it) with its thread context. */
  text: string;
  /** Every message ts whose words are in `text` (the message itself and its thread parent as context). */
  sources: readonly string[];
  /** Later versions replace earlier ones, never the reverse (edits racing a backfill). Sortable ts string. */
  version: string;
}

export interface VectorRecord extends VectorChunk {
  vector: Float32Array;
}

/** All chunks of one message at one version: written (or skipped) as a unit. */
export interface MessageChunks {
  channel: string;
  ts: string;
  version: string;
  chunks: VectorRecord[];
}

export interface VectorSearch {
  vector: Float32Array;
  /** Only these channels are searched; an empty list finds nothing. */
  channels: readonly string[];
  k: number;
  /** Inclusive lower bound on the message ts. */
  after?: string;
  /** Skip the ANN index and compare with every allowed row (benchmarks' ground truth). */
  exact?: boolean;
}

export interface VectorHit extends VectorChunk {
  /** Cosine similarity, 1 = same direction. */
  score: number;
}

export interface VectorIndexStats {
  rows: number;
  annIndexed: boolean;
}

export interface VectorIndex {
  readonly dimensions: number;
  /** Replaces every chunk of each message unless the stored version is newer; returns messages written. */
  replaceMessages(messages: readonly MessageChunks[]): Promise<number>;
  /** Removes every chunk holding one of these messages, as the cited message or as thread context. */
  deleteMessages(channel: string, ts: readonly string[]): Promise<number>;
  /** Removes a whole thread's chunks (before it is indexed again from Slack). */
  deleteThread(channel: string, threadTs: string): Promise<number>;
  deleteChannel(channel: string): Promise<number>;
  search(query: VectorSearch): Promise<VectorHit[]>;
  /** The first chunk of one message, for thread context of live replies. */
  getMessage(channel: string, ts: string): Promise<VectorChunk | undefined>;
  /** Messages (not chunks) indexed in a channel. */
  countMessages(channel: string): Promise<number>;
  /** Builds the ANN index once the table is large enough, folds new rows into it, compacts. */
  optimize(): Promise<VectorIndexStats>;
  close(): Promise<void>;
}

export function chunkId(channel: string, ts: string, part: number): string {
  return `${channel}:${ts}:${part}`;
}
