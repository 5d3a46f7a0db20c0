import type { WebClient } from '@slack/web-api';
import type { AgentFile } from '../bedrock/agent-parts.js';
import { StrataError } from '../errors.js';
import type { SlackMessage } from './agent-blocks.js';

/** The Slack calls the agent feature makes besides the streamed answer. */
export interface AgentSlack {
  /** Posts a new message in the channel (a thread's parent); returns its ts. */
  start(channel: string, text: string): Promise<string>;
  /** Posts in the thread; returns the message ts. */
  post(channel: string, threadTs: string, message: SlackMessage): Promise<string>;
  update(channel: string, ts: string, message: SlackMessage): Promise<void>;
  /** A message only `user` sees. */
  whisper(channel: string, user: string, threadTs: string | undefined, text: string): Promise<void>;
  upload(channel: string, threadTs: string, file: AgentFile): Promise<void>;
}

export function createAgentSlack(client: WebClient): AgentSlack {
  const call = async <T>(method: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      throw new StrataError(
        'slack_error',
        `${method} failed: ${error instanceof Error ? error.message : String(error)}`,
        {
          cause: error,
          retryable: true,
        },
      );
    }
  };
  return {
    start: (channel, text) =>
      call('chat.postMessage', async () => {
        const result = await client.chat.postMessage({ channel, text });
        if (!result.ts) throw new Error('chat.postMessage returned no ts');
        return result.ts;
      }),
    post: (channel, threadTs, message) =>
      call('chat.postMessage', async () => {
        const result = await client.chat.postMessage({ channel, thread_ts: threadTs, ...message });
        if (!result.ts) throw new Error('chat.postMessage returned no ts');
        return result.ts;
      }),
    update: (channel, ts, message) =>
      call('chat.update', async () => {
        await client.chat.update({ channel, ts, ...message });
      }),
    whisper: (channel, user, threadTs, text) =>
      call('chat.postEphemeral', async () => {
        await client.chat.postEphemeral({
          channel,
          user,
          text,
          ...(threadTs ? { thread_ts: threadTs } : {}),
        });
      }),
    upload: (channel, threadTs, file) =>
      call('files.uploadV2', async () => {
        await client.filesUploadV2({
          channel_id: channel,
          thread_ts: threadTs,
          file: Buffer.from(file.bytes),
          filename: file.name,
          title: file.name,
        });
      }),
  };
}
