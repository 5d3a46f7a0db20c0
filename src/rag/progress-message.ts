import type { WebClient } from '@slack/web-api';
import type { Logger } from '../log.js';
import type { IndexedChannel } from '../store/index-state.js';
import type { SlackPacer } from './slack-pacer.js';

/**
 * The live-updating progress message of a backfill: a DM to the admin who started it, edited as pages
 * are read (at most every `minIntervalMs`) and always left in a final state: done or stopped with a reason.
 */
export interface ProgressReporter {
  running(state: IndexedChannel): Promise<void>;
  done(state: IndexedChannel, indexedMessages: number): Promise<void>;
  failed(state: IndexedChannel, reason: string): Promise<void>;
}

export interface ProgressDeps {
  client: WebClient;
  pacer: SlackPacer;
  logger: Logger;
  now?: () => number;
  minIntervalMs?: number;
}

export function createProgressReporter(deps: ProgressDeps): ProgressReporter {
  const now = deps.now ?? Date.now;
  const minInterval = deps.minIntervalMs ?? 2000;
  let lastEditAt = Number.NEGATIVE_INFINITY;

  const edit = async (state: IndexedChannel, text: string, force: boolean) => {
    const { progressChannel: channel, progressTs: ts } = state;
    if (!channel || !ts) return;
    if (!force && now() - lastEditAt < minInterval) return;
    lastEditAt = now();
    try {
      await deps.pacer.call('chat.update', () => deps.client.chat.update({ channel, ts, text }));
    } catch (error) {
      // Progress is a courtesy; indexing goes on without it.
      deps.logger.warn({ err: error, channel }, 'indexing progress message could not be updated');
    }
  };

  return {
    running: (state) => edit(state, runningText(state, now()), false),
    done: (state, indexed) => edit(state, doneText(state, indexed, now()), true),
    failed: (state, reason) => edit(state, failedText(state, reason), true),
  };
}

export function startingText(channel: string): string {
  return `:hourglass_flowing_sand: Indexing <#${channel}>: starting…`;
}

export function runningText(state: IndexedChannel, at: number): string {
  return (
    `:hourglass_flowing_sand: Indexing <#${state.channel}>: ${count(state.messagesScanned, 'message')} and ` +
    `${count(state.threadsScanned, 'thread')} read from ${count(state.pages, 'page')} so far ` +
    `(${duration(at - Date.parse(state.startedAt))}).`
  );
}

export function doneText(state: IndexedChannel, indexed: number, at: number): string {
  return (
    `:white_check_mark: <#${state.channel}> is indexed: ${count(indexed, 'message')} searchable ` +
    `(${count(state.messagesScanned, 'message')} and ${count(state.threadsScanned, 'thread')} read in ` +
    `${duration(at - Date.parse(state.startedAt))}). New messages, edits and deletions are picked up as they happen.`
  );
}

export function failedText(state: IndexedChannel, reason: string): string {
  return (
    `:warning: Indexing <#${state.channel}> stopped after ${count(state.messagesScanned, 'message')}: ${reason} ` +
    `Run \`/bedrock index add #${state.name}\` to resume where it stopped.`
  );
}

export function count(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}

export function duration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
