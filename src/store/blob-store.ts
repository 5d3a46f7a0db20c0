import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadBucketCommand,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { storeUnavailable } from './store-error.js';

export interface BlobStore {
  put(key: string, body: Uint8Array | string, contentType: string): Promise<void>;
  /** undefined when no object has that key. */
  get(key: string): Promise<{ body: Uint8Array; contentType: string } | undefined>;
}

export interface S3Location {
  bucket: string;
  region: string;
  /** true for local S3-compatible servers that have no virtual-host buckets. */
  forcePathStyle: boolean;
}

/** The endpoint comes from the SDK's own AWS_ENDPOINT_URL_S3; nothing here reads it. */
export function createS3Client(options: { region: string; forcePathStyle: boolean }): S3Client {
  return new S3Client({
    region: options.region,
    forcePathStyle: options.forcePathStyle,
  });
}

export function createS3BlobStore(options: S3Location & { kmsKeyId?: string; client?: S3Client }): BlobStore {
  const { bucket, kmsKeyId } = options;
  const client = options.client ?? createS3Client(options);

  return {
    async put(key, body, contentType) {
      try {
        await client.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: key,
            Body: body,
            ContentType: contentType,
            ...(kmsKeyId === undefined ? {} : { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: kmsKeyId }),
          }),
        );
      } catch (error) {
        throw storeUnavailable(`put s3://${bucket}/${key}`, error);
      }
    },

    async get(key) {
      try {
        const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        if (response.Body === undefined) return undefined;
        return {
          body: await response.Body.transformToByteArray(),
          contentType: response.ContentType ?? 'application/octet-stream',
        };
      } catch (error) {
        if (error instanceof NoSuchKey || (error instanceof Error && error.name === 'NoSuchKey'))
          return undefined;
        throw storeUnavailable(`get s3://${bucket}/${key}`, error);
      }
    },
  };
}

/** Creates the bucket if missing. For local mode and tests; in AWS the CDK stack owns the bucket. */
export async function ensureBucket(
  options: S3Location & { client?: S3Client },
): Promise<{ created: boolean }> {
  const { bucket } = options;
  const client = options.client ?? createS3Client(options);
  try {
    await client.send(new HeadBucketCommand({ Bucket: bucket }));
    return { created: false };
  } catch (error) {
    if (!isNotFound(error)) throw storeUnavailable(`head bucket ${bucket}`, error);
  }
  try {
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
    return { created: true };
  } catch (error) {
    if (error instanceof Error && error.name === 'BucketAlreadyOwnedByYou') return { created: false };
    throw storeUnavailable(`create bucket ${bucket}`, error);
  }
}

/** HeadBucket answers a missing bucket with a bare 404 (HEAD responses have no error body). */
function isNotFound(error: unknown): boolean {
  if (error instanceof Error && error.name === 'NotFound') return true;
  return error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404;
}
