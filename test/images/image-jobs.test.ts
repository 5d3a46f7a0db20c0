import { WebClient } from '@slack/web-api';
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ImageGateway, ImageTask } from '../../src/bedrock/images.js';
import { StrataError } from '../../src/errors.js';
import type { ImageDeps } from '../../src/images/image-feature.js';
import { type ImageJob, runImageJob } from '../../src/images/image-jobs.js';
import type { ImageRecord, ImageRecordStore } from '../../src/images/image-records.js';
import type { ImageMention } from '../../src/images/mention-edits.js';
import { type SlackEmulator, startSlackEmulator } from '../../src/local/slack/slack-emulator.js';
import { createLogger } from '../../src/log.js';
import type { BlobStore } from '../../src/store/blob-store.js';
import { storeUnavailable } from '../../src/store/store-error.js';

const GENERAL = 'C0GENERAL';
const ALICE = 'U0ALICE';
const token = 'xoxb-image-jobs';

let slack: SlackEmulator;
let client: WebClient;

beforeAll(async () => {
  slack = await startSlackEmulator({ signingSecret: 'secret', botToken: token });
  client = new WebClient(token, { slackApiUrl: slack.apiUrl });
});
afterAll(async () => {
  await slack?.close();
});

/** Fakes of Strata's own interfaces; Slack is the real emulator. */
function fakes() {
  const calls: ImageTask[] = [];
  const records = new Map<string, ImageRecord>();
  const blobs = new Map<string, Uint8Array>();
  let failModel: StrataError | undefined;
  let failStorage = false;
  const gateway: ImageGateway = {
    async generate(modelId, task) {
      calls.push(task);
      if (failModel) throw failModel;
      const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#abcdef' } })
        .png()
        .toBuffer();
      return { modelId, images: [{ png, seed: 'seed' in task ? task.seed : 0 }] };
    },
    destroy() {},
  };
  const store: ImageRecordStore = {
    put: async (record) => void records.set(record.imageId, record),
    get: async (imageId) => records.get(imageId),
    linkFile: async () => {},
    byFile: async () => undefined,
  };
  const blobStore: BlobStore = {
    async put(key, body) {
      if (failStorage) throw storeUnavailable('put', new Error('S3 is down'));
      blobs.set(key, typeof body === 'string' ? Buffer.from(body) : body);
    },
    get: async (key) => {
      const body = blobs.get(key);
      return body ? { body, contentType: 'image/png' } : undefined;
    },
  };
  let id = 0;
  const deps: ImageDeps = {
    client,
    logger: createLogger({ level: 'silent' }),
    images: {
      gateway,
      records: store,
      blobs: blobStore,
      settings: { modelId: 'amazon.nova-canvas-v1:0', maxInputBytes: 1_000_000 },
      newId: () => `img${++id}`,
      now: () => new Date('2026-01-01T00:00:00Z'),
      random: () => 0.25,
      fetch,
    },
  };
  return {
    deps,
    calls,
    records,
    failModelWith: (error: StrataError) => {
      failModel = error;
    },
    failStorage: () => {
      failStorage = true;
    },
  };
}

const generate = (prompt: string): ImageJob => ({
  kind: 'image',
  task: 'generate',
  request: { prompt },
  channel: GENERAL,
  user: ALICE,
});
const noChat = async () => {
  throw new Error('chat should not be asked');
};
const messages = async () =>
  (await client.conversations.history({ channel: GENERAL, limit: 200 })).messages ?? [];
const lastEphemeral = () => slack.ephemerals(ALICE, GENERAL).at(-1)?.text ?? '';

let f: ReturnType<typeof fakes>;
beforeEach(() => {
  f = fakes();
});

describe('an image job that fails', () => {
  it('tells the requester when the model is throttled, and posts nothing', async () => {
    const before = (await messages()).length;
    f.failModelWith(new StrataError('model_throttled', 'ThrottlingException', { retryable: true }));
    await runImageJob(generate('a cat'), f.deps, noChat);
    expect(lastEphemeral()).toBe(
      ':warning: Amazon Bedrock is busy right now (throttled). Please try again in a moment.',
    );
    expect((await messages()).length).toBe(before);
  });

  it('posts nothing when the original cannot be stored', async () => {
    const before = (await messages()).length;
    f.failStorage();
    await runImageJob(generate('a dog'), f.deps, noChat);
    expect(lastEphemeral()).toContain('couldn’t save it, so nothing was posted');
    expect((await messages()).length).toBe(before);
  });

  it('refuses a button whose image belongs to another conversation', async () => {
    f.records.set('elsewhere', {
      imageId: 'elsewhere',
      channel: 'C0PRIVATE',
      threadTs: '1.0',
      user: 'U0BOB',
      operation: 'text-to-image',
      prompt: 'secret plans',
      modelId: 'amazon.nova-canvas-v1:0',
      seed: 1,
      width: 64,
      height: 64,
      s3Key: 'images/C0PRIVATE/elsewhere.png',
      createdAt: '2026-01-01T00:00:00Z',
    });
    await runImageJob(
      {
        kind: 'image',
        task: 'action',
        action: 'variations',
        imageId: 'elsewhere',
        channel: GENERAL,
        user: ALICE,
      },
      f.deps,
      noChat,
    );
    expect(lastEphemeral()).toBe(':warning: That image belongs to another conversation.');
    expect(f.calls).toHaveLength(0);
  });

  it('says so when the image behind a button is no longer known', async () => {
    await runImageJob(
      { kind: 'image', task: 'action', action: 'regenerate', imageId: 'gone', channel: GENERAL, user: ALICE },
      f.deps,
      noChat,
    );
    expect(lastEphemeral()).toContain('I no longer have the details of that image');
  });
});

describe('an image job that works', () => {
  it('opens a thread, then uploads the image into it with its record', async () => {
    await runImageJob(generate('a lighthouse'), f.deps, noChat);
    const parent = (await messages()).find((m) => m.text?.includes('asked for an image: _a lighthouse_'));
    expect(parent?.ts).toBeDefined();
    const thread =
      (await client.conversations.replies({ channel: GENERAL, ts: parent?.ts ?? '' })).messages ?? [];
    expect(thread[1]?.files?.[0]?.name).toBe('a-lighthouse-214748365.png');
    const record = f.records.get('img1');
    expect(record).toMatchObject({
      threadTs: parent?.ts,
      prompt: 'a lighthouse',
      fileId: thread[1]?.files?.[0]?.id,
    });
  });

  it('shares its images once when the same job runs again after a restart', async () => {
    const shared = async () => {
      const parents = (await messages()).filter((m) => m.text?.includes('asked for an image: _a windmill_'));
      const threads = await Promise.all(
        parents.map(
          async (p) =>
            (await client.conversations.replies({ channel: GENERAL, ts: p.ts ?? '' })).messages ?? [],
        ),
      );
      return {
        parents: parents.length,
        files: threads.flat().filter((m) => (m.files ?? []).length > 0).length,
      };
    };
    await runImageJob(generate('a windmill'), f.deps, noChat, 'job-7');
    await runImageJob(generate('a windmill'), f.deps, noChat, 'job-7');
    expect(await shared()).toEqual({ parents: 1, files: 1 });
    expect(f.calls).toHaveLength(2);
    // Another job with the same prompt is another request: it gets its own thread.
    await runImageJob(generate('a windmill'), f.deps, noChat, 'job-8');
    expect(await shared()).toEqual({ parents: 2, files: 2 });
  });

  it('hands a mention that is not about images back to chat', async () => {
    const { ts } = await slack.postAsUser({ user: ALICE, channel: GENERAL, text: 'our launch notes' });
    const mention: ImageMention = {
      eventId: 'Ev1',
      channel: GENERAL,
      threadTs: ts,
      messageTs: ts,
      user: ALICE,
      teamId: 'T0LOCAL',
      text: '<@U0STRATA> make it shorter',
      botUserId: 'U0STRATA',
    };
    const toChat: ImageMention[] = [];
    await runImageJob({ kind: 'image', task: 'mention', mention }, f.deps, async (m) => {
      toChat.push(m);
    });
    expect(toChat).toEqual([mention]);
    expect(f.calls).toHaveLength(0);
  });
});

describe('every image model call', () => {
  it('asks the access guard first and records usage after, failures included', async () => {
    const recorded: unknown[] = [];
    const deps = {
      ...f.deps,
      usage: { record: async (call: unknown) => void recorded.push(call) },
      access: {
        check: async ({ user }: { user: string }) =>
          user === ALICE
            ? ({ allowed: true } as const)
            : ({
                allowed: false,
                reason: 'budget',
                message: 'You have used your image budget for today.',
              } as const),
      },
    };
    await runImageJob(generate('a kite'), deps, noChat);
    expect(recorded).toEqual([
      expect.objectContaining({
        user: ALICE,
        channel: GENERAL,
        feature: 'image',
        modelId: 'amazon.nova-canvas-v1:0',
        outcome: 'ok',
        imagesGenerated: 1,
      }),
    ]);
    f.failModelWith(new StrataError('model_throttled', 'slow down', { retryable: true }));
    await runImageJob(generate('a kite'), deps, noChat);
    expect(recorded.at(-1)).toMatchObject({
      outcome: 'throttled',
      errorCode: 'model_throttled',
      imagesGenerated: 0,
    });

    const calls = f.calls.length;
    await runImageJob({ ...generate('a kite'), user: 'U0BOB' } as ImageJob, deps, noChat);
    expect(f.calls.length).toBe(calls);
    expect(slack.ephemerals('U0BOB', GENERAL).at(-1)?.text).toBe(
      ':warning: You have used your image budget for today.',
    );
  });
});
