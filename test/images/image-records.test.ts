import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionsFor, contextLine, imageBlocks } from '../../src/images/image-blocks.js';
import {
  createDynamoImageRecords,
  type ImageRecord,
  type ImageRecordStore,
} from '../../src/images/image-records.js';
import type { LocalServer } from '../../src/local/dynamo-server.js';
import { createTestTable, startDynamoForTest } from '../store/local-dynamo-fixture.js';

let dynamo: LocalServer;
let store: ImageRecordStore;
let raw: Awaited<ReturnType<typeof createTestTable>>['raw'];

beforeAll(async () => {
  dynamo = await startDynamoForTest();
  const created = await createTestTable('images-test');
  raw = created.raw;
  store = createDynamoImageRecords({ table: created.table });
});
afterAll(async () => {
  await dynamo?.close();
});

const edited: ImageRecord = {
  imageId: 'img42',
  channel: 'C0GENERAL',
  threadTs: '1700000000.000100',
  user: 'U0ALICE',
  operation: 'inpaint',
  prompt: 'a sunset <b>&</b>',
  negativePrompt: 'people',
  modelId: 'amazon.nova-canvas-v1:0',
  seed: 77,
  width: 1024,
  height: 1024,
  s3Key: 'images/C0GENERAL/img42.png',
  parentImageId: 'img41',
  params: { maskPrompt: 'the sky' },
  createdAt: '2026-01-01T00:00:00.000Z',
};

describe('image records in DynamoDB', () => {
  it('keeps prompt, model, seed, size, parent, requester and edit parameters', async () => {
    await store.put(edited);
    expect(await store.get('img42')).toEqual(edited);
    const { Item } = await raw.send(
      new GetItemCommand({ TableName: 'images-test', Key: { pk: { S: 'IMAGE#img42' }, sk: { S: 'IMAGE' } } }),
    );
    expect(Item?.parentImageId?.S).toBe('img41');
    expect(Item?.params?.S).toBe('{"maskPrompt":"the sky"}');
  });

  it('finds an image by the Slack file that shows it', async () => {
    await store.linkFile('F0FILE', 'img42');
    expect((await store.byFile('F0FILE'))?.imageId).toBe('img42');
    expect(await store.byFile('F0UNKNOWN')).toBeUndefined();
    expect(await store.get('nope')).toBeUndefined();
  });
});

describe('what Slack shows under an image', () => {
  it('is a context line with the prompt escaped, mask, model, seed and size', () => {
    expect(contextLine(edited)).toBe(
      '*Inpainted* for <@U0ALICE>  ·  *Prompt:* a sunset &lt;b&gt;&amp;&lt;/b&gt;  ·  *Negative:* people  ·  *Mask:* the sky  ·  ' +
        '*Model:* Nova Canvas (`amazon.nova-canvas-v1:0`)  ·  *Seed:* 77  ·  *Size:* 1024×1024',
    );
  });

  it('offers Bigger for Amazon images and Upscale for Stability ones, no Regenerate without randomness', () => {
    expect(actionsFor(edited)).toEqual(['regenerate', 'variations', 'bigger', 'removeBackground']);
    expect(
      actionsFor({ ...edited, modelId: 'stability.sd3-5-large-v1:0', operation: 'text-to-image' }),
    ).toEqual(['regenerate', 'variations', 'upscale', 'removeBackground']);
    expect(actionsFor({ ...edited, operation: 'remove-background' })).toEqual(['variations', 'bigger']);
    const [, actions] = imageBlocks(edited);
    expect(actions).toMatchObject({
      type: 'actions',
      elements: [{ action_id: 'image_regenerate', value: 'img42' }, {}, {}, {}],
    });
  });
});
