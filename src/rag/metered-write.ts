import { meteredCall } from '../access/metered-call.js';
import type { UsageRecorder } from '../metrics.js';
import type { IndexedChannel } from '../store/index-state.js';
import type { PreparedMessage } from './chunking.js';
import type { IndexWriter } from './index-writer.js';

/** What writing needs: the index writer, and where its embedding calls are recorded. */
export interface MeteredWriteDeps {
  writer: IndexWriter;
  usage?: UsageRecorder;
  embeddingModelId?: string;
}

/**
 * Writes messages of an indexed channel; their embeddings are recorded as one model call (feature
 * `index`) of the admin who added the channel: backfill pages and live sync alike.
 */
export async function writeMetered(
  deps: MeteredWriteDeps,
  channel: IndexedChannel,
  prepared: readonly PreparedMessage[],
): Promise<void> {
  const write = () => deps.writer.write(channel.channel, prepared);
  if (prepared.length === 0) {
    await write();
    return;
  }
  const chars = prepared.reduce((sum, m) => sum + m.text.length + (m.parent?.text.length ?? 0), 0);
  const call = {
    user: channel.addedBy,
    channel: channel.channel,
    feature: 'index' as const,
    modelId: deps.embeddingModelId ?? 'embeddings',
  };
  // Titan bills input tokens only; four characters a token is the estimate used elsewhere too.
  await meteredCall(deps, call, write, () => ({ inputTokens: Math.ceil(chars / 4) }));
}
