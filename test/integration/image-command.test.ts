import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestStrata, type TestStrata } from '../helpers/local-strata.js';

const GENERAL = 'C0GENERAL';
const ALICE = 'U0ALICE';

let local: TestStrata;

beforeAll(async () => {
  local = await startTestStrata();
});
afterAll(async () => {
  await local?.close();
});

interface ThreadMessage {
  ts: string;
  text: string;
  bot_id?: string;
  files?: Array<{ id?: string; mimetype?: string; name?: string }>;
  blocks?: Array<{ type: string; elements?: Array<{ text?: string; action_id?: string; value?: string }> }>;
}

async function replies(ts: string): Promise<ThreadMessage[]> {
  const page = await local.strata.app.client.conversations.replies({ channel: GENERAL, ts });
  return (page.messages ?? []) as ThreadMessage[];
}

async function history(): Promise<ThreadMessage[]> {
  const page = await local.strata.app.client.conversations.history({ channel: GENERAL, limit: 100 });
  return (page.messages ?? []) as ThreadMessage[];
}

/** The thread Strata opened for a prompt, once it holds `count` images. */
async function resultThread(prompt: string, count: number) {
  return eventually(async () => {
    const parent = (await history()).find((m) => m.bot_id !== undefined && m.text.includes(prompt));
    if (parent === undefined) return undefined;
    const images = (await replies(parent.ts)).filter((m) => (m.files ?? []).length > 0);
    return images.length >= count ? { parent, images } : undefined;
  });
}

function contextOf(message: ThreadMessage): string {
  return message.blocks?.find((b) => b.type === 'context')?.elements?.[0]?.text ?? '';
}

function buttonsOf(message: ThreadMessage) {
  return message.blocks?.find((b) => b.type === 'actions')?.elements ?? [];
}

describe('/image', () => {
  it('uploads PNGs into a new thread with prompt, negative prompt, model, seed and size in a context line', async () => {
    const answer = await local.slack.runCommand({
      user: ALICE,
      channel: GENERAL,
      command: '/image',
      text: 'a lighthouse at dusk --no text, watermarks --size 1280x720 --seed 42 --count 2',
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('Drawing 2 images with Nova Canvas (1280×720, seed 42)');

    const { parent, images } = await resultThread('a lighthouse at dusk', 2);
    expect(parent.text).toContain(`<@${ALICE}> asked for 2 images`);
    for (const message of images) {
      const file = message.files?.[0];
      expect(file?.mimetype).toBe('image/png');
      const png = local.slack.fileContent(file?.id ?? '');
      const meta = await sharp(png).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['png', 1280, 720]);
      const context = contextOf(message);
      expect(context).toContain('*Prompt:* a lighthouse at dusk');
      expect(context).toContain('*Negative:* text, watermarks');
      expect(context).toContain('Nova Canvas (`amazon.nova-canvas-v1:0`)');
      expect(context).toContain('*Seed:* 42');
      expect(context).toContain('*Size:* 1280×720');
      expect(buttonsOf(message).map((b) => b.action_id)).toEqual([
        'image_regenerate',
        'image_variations',
        'image_bigger',
        'image_remove_background',
      ]);
    }

    const request = local.bedrock.requests.findLast((r) => r.operation === 'invoke');
    expect(request?.modelId).toBe('amazon.nova-canvas-v1:0');
    expect(request?.body).toEqual({
      taskType: 'TEXT_IMAGE',
      textToImageParams: { text: 'a lighthouse at dusk', negativeText: 'text, watermarks' },
      imageGenerationConfig: { numberOfImages: 2, width: 1280, height: 720, quality: 'standard', seed: 42 },
    });
  });

  it('stores the original in S3 and its lineage in DynamoDB', async () => {
    await local.slack.runCommand({
      user: ALICE,
      channel: GENERAL,
      command: '/image',
      text: 'a paper crane --seed 7',
    });
    const { images } = await resultThread('a paper crane', 1);
    const imageId = buttonsOf(images[0] as ThreadMessage)[0]?.value ?? '';

    const { Item } = await new DynamoDBClient({}).send(
      new GetItemCommand({ TableName: 'strata', Key: { pk: { S: `IMAGE#${imageId}` }, sk: { S: 'IMAGE' } } }),
    );
    expect(Item?.prompt?.S).toBe('a paper crane');
    expect(Item?.seed?.N).toBe('7');
    expect(Item?.user?.S).toBe(ALICE);
    expect(Item?.channel?.S).toBe(GENERAL);
    expect(Item?.fileId?.S).toBe(images[0]?.files?.[0]?.id);

    const object = await new S3Client({ forcePathStyle: true }).send(
      new GetObjectCommand({ Bucket: 'strata-blobs', Key: Item?.s3Key?.S ?? '' }),
    );
    const stored = Buffer.from((await object.Body?.transformToByteArray()) ?? []);
    expect(stored.equals(local.slack.fileContent(images[0]?.files?.[0]?.id ?? '') ?? Buffer.alloc(0))).toBe(
      true,
    );
  });

  it('answers bad input with a usage line and posts nothing', async () => {
    const before = (await history()).length;
    const cases: Array<[string, string]> = [
      ['', 'Tell me what to draw'],
      ['a cat --size 1000x1000', 'multiples of 16'],
      ['a cat --style crayon', 'Unknown style `crayon`'],
      ['a cat --count 9', '`--count 9` is not valid'],
      ['a cat --seed 999999999999', 'from 0 to 858,993,459'],
      ['a cat --colour red', 'Unknown option `--colour`'],
      [`${'very long prompt '.repeat(70)}`, 'takes at most 1,024'],
      [
        'a cat --model stability.stable-image-inpaint-v1:0',
        'can’t generate images from text'.replace('’', "'"),
      ],
    ];
    for (const [text, expected] of cases) {
      const answer = await local.slack.runCommand({ user: ALICE, channel: GENERAL, command: '/image', text });
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toMatchObject({
        response_type: 'ephemeral',
        text: expect.stringContaining(expected),
      });
    }
    await local.strata.queue.onIdle();
    expect((await history()).length).toBe(before);
  });

  it('regenerates with a new seed and the same prompt when Regenerate is pressed', async () => {
    await local.slack.runCommand({
      user: ALICE,
      channel: GENERAL,
      command: '/image',
      text: 'a red fox in snow --seed 1234 --style watercolor',
    });
    const { parent, images } = await resultThread('a red fox in snow', 1);
    const first = images[0] as ThreadMessage;
    await local.slack.clickButton({
      user: 'U0BOB',
      channel: GENERAL,
      messageTs: first.ts,
      actionId: 'image_regenerate',
    });

    const again = await eventually(async () => {
      const all = (await replies(parent.ts)).filter((m) => (m.files ?? []).length > 0);
      return all.length >= 2 ? all[1] : undefined;
    });
    const context = contextOf(again);
    expect(context).toContain('*Prompt:* a red fox in snow');
    expect(context).toContain('*Style:* watercolor');
    expect(context).toContain('for <@U0BOB>');
    expect(context).not.toContain('*Seed:* 1234');
    const [previous, latest] = local.bedrock.requests.filter(
      (r) => r.operation === 'invoke' && JSON.stringify(r.body).includes('a red fox in snow'),
    );
    const promptOf = (body: unknown) =>
      (body as { textToImageParams: { text: string } }).textToImageParams.text;
    const seedOf = (body: unknown) =>
      (body as { imageGenerationConfig: { seed: number } }).imageGenerationConfig.seed;
    expect(promptOf(latest?.body)).toBe(promptOf(previous?.body));
    expect(promptOf(latest?.body)).toBe('a red fox in snow, watercolor painting, soft washes of colour');
    expect(seedOf(previous?.body)).toBe(1234);
    expect(seedOf(latest?.body)).not.toBe(1234);
  });

  it('says plainly when the content filter blocks a prompt, and posts no thread', async () => {
    const before = (await history()).length;
    await local.slack.runCommand({
      user: ALICE,
      channel: GENERAL,
      command: '/image',
      text: 'something nsfw',
    });
    const notice = await eventually(async () =>
      local.slack.ephemerals(ALICE, GENERAL).find((e) => e.text.includes('content filters')),
    );
    expect(notice.text).toContain("Amazon Bedrock's content filters blocked this request");
    expect((await history()).length).toBe(before);
  });

  it('joins a public channel it is not in yet, then posts the thread there', async () => {
    await local.slack.runCommand({
      user: ALICE,
      channel: 'C0RANDOM',
      command: '/image',
      text: 'a paper boat --seed 3',
    });
    const parent = await eventually(async () => {
      const page = await local.strata.app.client.conversations.history({ channel: 'C0RANDOM' });
      return (page.messages ?? []).find((m) => m.text?.includes('a paper boat'));
    });
    const thread = await eventually(async () => {
      const page = await local.strata.app.client.conversations.replies({
        channel: 'C0RANDOM',
        ts: parent.ts ?? '',
      });
      return (page.messages ?? []).length >= 2 ? page.messages : undefined;
    });
    expect(thread?.[1]?.files?.[0]?.mimetype).toBe('image/png');
  });
});
