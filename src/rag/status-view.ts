import type { KnownBlock } from '@slack/types';
import type { ChannelStatus } from './index-admin.js';
import { count, duration } from './progress-message.js';

/** `/bedrock index status`: one section per indexed channel. */

const statusLabel: Record<ChannelStatus['status'], string> = {
  backfilling: ':hourglass_flowing_sand: backfilling',
  ready: ':white_check_mark: ready',
  failed: ':warning: stopped',
  archived: ':file_cabinet: archived (no longer syncing)',
};

export function statusText(channels: readonly ChannelStatus[]): string {
  if (channels.length === 0) return noChannels;
  return channels
    .map((c) => `#${c.name}: ${c.status}, ${count(c.indexedMessages, 'message')} indexed`)
    .join('\n');
}

const noChannels = 'No channels are indexed yet. Add one with `/bedrock index add #channel`.';

export function statusBlocks(channels: readonly ChannelStatus[], now: number): KnownBlock[] {
  if (channels.length === 0) return [{ type: 'section', text: { type: 'mrkdwn', text: noChannels } }];
  const sorted = [...channels].sort((a, b) => a.name.localeCompare(b.name));
  return [
    { type: 'header', text: { type: 'plain_text', text: 'Answers from channel history' } },
    ...sorted
      .slice(0, 45)
      .map((c): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text: channelLine(c, now) } })),
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: 'Answers only ever use channels the asker is a member of. Live progress of a backfill is in the DM of the admin who started it.',
        },
      ],
    },
  ];
}

function channelLine(c: ChannelStatus, now: number): string {
  const lines = [
    `*<#${c.channel}>* · ${c.kind} · ${statusLabel[c.status]}`,
    `${count(c.indexedMessages, 'message')} indexed · last sync ${c.lastSyncAt ? `${ago(c.lastSyncAt, now)} ago` : 'never'}`,
  ];
  if (c.status === 'backfilling') {
    lines.push(
      `Backfill: ${count(c.messagesScanned, 'message')} and ${count(c.threadsScanned, 'thread')} read from ` +
        `${count(c.pages, 'page')} so far, running ${ago(c.startedAt, now)}`,
    );
  } else if (c.status === 'failed') {
    lines.push(`Stopped: ${c.error ?? 'unknown reason'} Run \`/bedrock index add #${c.name}\` to resume.`);
  } else if (c.finishedAt) {
    lines.push(
      `Backfill finished ${ago(c.finishedAt, now)} ago, ${count(c.messagesScanned, 'message')} read`,
    );
  }
  return lines.join('\n');
}

function ago(iso: string, now: number): string {
  return duration(now - Date.parse(iso));
}
