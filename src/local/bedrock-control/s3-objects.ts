import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ObjectStorage } from './customization-jobs.js';

/** ObjectStorage over an S3 client (the local S3 server in local mode): `s3://bucket/key` URIs. */
export function s3Objects(client: S3Client): ObjectStorage {
  return {
    async read(uri) {
      const { bucket, key } = parseS3Uri(uri);
      try {
        const output = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        return output.Body ? await output.Body.transformToString('utf8') : undefined;
      } catch (error) {
        if (error instanceof Error && (error.name === 'NoSuchKey' || error.name === 'NoSuchBucket'))
          return undefined;
        throw error;
      }
    },
    async write(uri, body) {
      const { bucket, key } = parseS3Uri(uri);
      await client.send(
        new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: 'text/csv' }),
      );
    },
  };
}

/** In-memory ObjectStorage for tests of the endpoint alone. */
export function memoryObjects(
  initial: Record<string, string> = {},
): ObjectStorage & { objects: Map<string, string> } {
  const objects = new Map(Object.entries(initial));
  return {
    objects,
    read: async (uri) => objects.get(uri),
    write: async (uri, body) => {
      objects.set(uri, body);
    },
  };
}

function parseS3Uri(uri: string): { bucket: string; key: string } {
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
  if (!match?.[1] || !match[2]) throw new Error(`not an s3://bucket/key URI: ${uri}`);
  return { bucket: match[1], key: match[2] };
}
