import { Entity, GetItemCommand, item, number, PutItemCommand, string } from 'dynamodb-toolbox';
import { z } from 'zod';
import { storeUnavailable } from '../store/store-error.js';
import type { StrataTable } from '../store/table.js';

/**
 * One DynamoDB item per generated image: what made it (prompt, model, seed, size, the edit and its
 * parent) and where it is (S3 key, Slack file), so Regenerate, Variations and edits know its lineage.
 */
export interface ImageRecord {
  imageId: string;
  channel: string;
  threadTs: string;
  /** Who asked for it. */
  user: string;
  operation: string;
  prompt: string;
  negativePrompt?: string;
  style?: string;
  modelId: string;
  seed: number;
  width: number;
  height: number;
  s3Key: string;
  /** The image it was made from: another generated image, or a file a person shared. */
  parentImageId?: string;
  parentFileId?: string;
  /** The edit, so it can be run again (see EditParams). */
  params?: EditParams;
  fileId?: string;
  createdAt: string;
}

/** How an edit was made, beyond prompt and seed. */
export const editParamsSchema = z.object({
  strength: z.number().optional(),
  similarity: z.number().optional(),
  maskPrompt: z.string().optional(),
  maskFileId: z.string().optional(),
  sides: z.array(z.enum(['left', 'right', 'up', 'down'])).optional(),
  styleImage: z.object({ imageId: z.string().optional(), fileId: z.string().optional() }).optional(),
});
export type EditParams = z.infer<typeof editParamsSchema>;

export interface ImageRecordStore {
  put(record: ImageRecord): Promise<void>;
  get(imageId: string): Promise<ImageRecord | undefined>;
  /** Remembers which Slack file shows an image. */
  linkFile(fileId: string, imageId: string): Promise<void>;
  byFile(fileId: string): Promise<ImageRecord | undefined>;
}

function imageEntity(table: StrataTable) {
  const schema = item({
    imageId: string().key(),
    channel: string(),
    threadTs: string(),
    user: string(),
    operation: string(),
    prompt: string(),
    negativePrompt: string().optional(),
    style: string().optional(),
    modelId: string(),
    seed: number(),
    width: number(),
    height: number(),
    s3Key: string(),
    parentImageId: string().optional(),
    parentFileId: string().optional(),
    params: string().optional(),
    fileId: string().optional(),
    createdAt: string(),
  }).and((prev) => ({
    pk: string()
      .key()
      .hidden()
      .link<typeof prev>(({ imageId }) => `IMAGE#${imageId}`),
    sk: string().key().hidden().const('IMAGE'),
  }));
  return new Entity({ name: 'Image', table, schema, timestamps: false });
}

function fileLinkEntity(table: StrataTable) {
  const schema = item({ fileId: string().key(), imageId: string() }).and((prev) => ({
    pk: string()
      .key()
      .hidden()
      .link<typeof prev>(({ fileId }) => `SLACKFILE#${fileId}`),
    sk: string().key().hidden().const('IMAGE'),
  }));
  return new Entity({ name: 'ImageFile', table, schema, timestamps: false });
}

export function createDynamoImageRecords(options: { table: StrataTable }): ImageRecordStore {
  const images = imageEntity(options.table);
  const links = fileLinkEntity(options.table);

  const get = async (imageId: string) => {
    try {
      const { Item } = await images.build(GetItemCommand).key({ imageId }).send();
      if (Item === undefined) return undefined;
      const { params, ...rest } = Item;
      const parsed = params === undefined ? undefined : editParamsSchema.safeParse(JSON.parse(params));
      return {
        ...withoutUndefined(rest),
        ...(parsed?.success ? { params: parsed.data } : {}),
      } as ImageRecord;
    } catch (error) {
      throw storeUnavailable('get image record', error);
    }
  };

  return {
    async put(record) {
      const { params, ...rest } = record;
      try {
        await images
          .build(PutItemCommand)
          .item({ ...rest, ...(params ? { params: JSON.stringify(params) } : {}) })
          .send();
      } catch (error) {
        throw storeUnavailable('put image record', error);
      }
    },
    get,
    async linkFile(fileId, imageId) {
      try {
        await links.build(PutItemCommand).item({ fileId, imageId }).send();
      } catch (error) {
        throw storeUnavailable('link image file', error);
      }
    },
    async byFile(fileId) {
      let imageId: string | undefined;
      try {
        const { Item } = await links.build(GetItemCommand).key({ fileId }).send();
        imageId = Item?.imageId;
      } catch (error) {
        throw storeUnavailable('find image by file', error);
      }
      return imageId === undefined ? undefined : get(imageId);
    },
  };
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
