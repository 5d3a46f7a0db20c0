import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { type IRole, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { acknowledgeWildcardResources } from './acknowledge.js';
import { grantKeyUse } from './key-use.js';

export interface StoreAccess {
  readonly key: IKey;
  readonly table: ITable;
  readonly slackSecret: ISecret;
  /** Omitted for roles that never touch blobs (the ingress). */
  readonly bucket?: IBucket;
}

/** What any Strata process needs: its Slack secret, the table's item actions, the key, and (workers) the bucket. */
export function grantStoreAccess(role: IRole, access: StoreAccess): void {
  access.slackSecret.grantRead(role);
  grantKeyUse(access.key, role);
  access.table.grant(
    role,
    'dynamodb:GetItem',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
    'dynamodb:Query',
    'dynamodb:BatchGetItem',
    'dynamodb:BatchWriteItem',
    'dynamodb:ConditionCheckItem',
    'dynamodb:DescribeTable',
  );
  const { bucket } = access;
  if (bucket === undefined) return;
  role.addToPrincipalPolicy(
    new PolicyStatement({
      sid: 'ReadWriteBlobs',
      actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'],
      resources: [bucket.arnForObjects('*')],
    }),
  );
  role.addToPrincipalPolicy(
    new PolicyStatement({ sid: 'ListBlobs', actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }),
  );
  acknowledgeWildcardResources(
    role,
    [bucket.arnForObjects('*')],
    'Object keys are created per request (images, SQL results, vector index files, training data), so ' +
      'the worker needs object access across the one Strata bucket; the actions are named one by one.',
  );
}
