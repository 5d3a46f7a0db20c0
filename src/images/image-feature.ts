import { randomUUID } from 'node:crypto';
import type { WebClient } from '@slack/web-api';
import type { AccessGuard } from '../access/access-guard.js';
import { findImageModel } from '../bedrock/image-catalog.js';
import { createBedrockImageGateway, type ImageGateway } from '../bedrock/images.js';
import type { Logger } from '../log.js';
import type { UsageRecorder } from '../metrics.js';
import type { BlobStore } from '../store/blob-store.js';
import type { StrataTable } from '../store/table.js';
import { createDynamoImageRecords, type ImageRecordStore } from './image-records.js';

export interface ImageSettings {
  /** STRATA_IMAGE_MODEL_ID: the model for `/image` and edits when none is named. */
  modelId: string;
  /** STRATA_IMAGE_MAX_INPUT_MB in bytes: larger Slack files are refused before download. */
  maxInputBytes: number;
}

/** Everything the image feature uses, passed in so tests swap any part. */
export interface ImageFeature {
  gateway: ImageGateway;
  records: ImageRecordStore;
  blobs: BlobStore;
  settings: ImageSettings;
  newId: () => string;
  now: () => Date;
  random: () => number;
  /** For downloads of Slack files and response_url posts. */
  fetch: typeof fetch;
}

export interface ImageDeps {
  client: WebClient;
  logger: Logger;
  images: ImageFeature;
  /** Every model call is recorded (usage, EMF metrics); optional so a feature can run without admin tools. */
  usage?: UsageRecorder;
  /** Asked before every model call: channel allowed, feature on, budgets left. */
  access?: Pick<AccessGuard, 'check'>;
}

export function createImageFeature(options: {
  region: string;
  table: StrataTable;
  blobs: BlobStore;
  settings: ImageSettings;
  logger: Logger;
}): ImageFeature {
  if (findImageModel(options.settings.modelId) === undefined) {
    throw new Error(`STRATA_IMAGE_MODEL_ID: ${options.settings.modelId} is not an image model Strata knows`);
  }
  return {
    gateway: createBedrockImageGateway({ region: options.region, logger: options.logger }),
    records: createDynamoImageRecords({ table: options.table }),
    blobs: options.blobs,
    settings: options.settings,
    newId: () => randomUUID().replace(/-/g, '').slice(0, 20),
    now: () => new Date(),
    random: Math.random,
    fetch: (input, init) => fetch(input, init),
  };
}
