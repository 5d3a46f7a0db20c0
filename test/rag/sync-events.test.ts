import { describe, expect, it } from 'vitest';
import { toSyncEvent } from '../../src/rag/sync-events.js';

const self = { botUserId: 'U0STRATA', botId: 'B0STRATA' };

describe('message events → index updates', () => {
  it('turns a person’s message or thread reply into "posted"', () => {
    expect(
      toSyncEvent(
        { type: 'message', channel: 'C1', user: 'U1', text: 'hi', ts: '1.1', thread_ts: '1.0' },
        self,
      ),
    ).toEqual({
      type: 'posted',
      channel: 'C1',
      message: { ts: '1.1', text: 'hi', user: 'U1', threadTs: '1.0', replyCount: 0, fileNames: [] },
    });
  });

  it('turns edits and deletions into "changed" and "deleted", with what they replaced', () => {
    const changed = toSyncEvent(
      {
        type: 'message',
        subtype: 'message_changed',
        channel: 'C1',
        ts: '9.9',
        message: { user: 'U1', text: 'new', ts: '1.1', edited: { user: 'U1', ts: '9.9' } },
        previous_message: { user: 'U1', text: 'old', ts: '1.1' },
      },
      self,
    );
    expect(changed).toMatchObject({
      type: 'changed',
      message: { text: 'new', editedTs: '9.9' },
      previous: { text: 'old' },
    });
    const deleted = toSyncEvent(
      {
        type: 'message',
        subtype: 'message_deleted',
        channel: 'C1',
        deleted_ts: '1.1',
        previous_message: { ts: '1.1', user: 'U1', text: 'x', reply_count: 2 },
      },
      self,
    );
    expect(deleted).toMatchObject({ type: 'deleted', channel: 'C1', ts: '1.1', previous: { replyCount: 2 } });
  });

  it('drops Strata’s own posts and streamed edits before anything is queued', () => {
    expect(
      toSyncEvent(
        { type: 'message', channel: 'C1', user: 'U0STRATA', bot_id: 'B0STRATA', text: 'x', ts: '1.1' },
        self,
      ),
    ).toBeUndefined();
    expect(
      toSyncEvent(
        {
          type: 'message',
          subtype: 'message_changed',
          channel: 'C1',
          message: { bot_id: 'B0STRATA', text: 'partial ▍', ts: '1.1' },
        },
        self,
      ),
    ).toBeUndefined();
  });

  it('ignores system messages such as joins and topic changes', () => {
    for (const subtype of ['channel_join', 'channel_topic', 'channel_leave', 'pinned_item']) {
      expect(
        toSyncEvent({ type: 'message', subtype, channel: 'C1', user: 'U1', text: 'x', ts: '1.1' }, self),
      ).toBeUndefined();
    }
  });
});
