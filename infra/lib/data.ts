import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { PARTITION_KEY, SORT_KEY, TTL_ATTRIBUTE } from '../../src/store/table.js';
import { acknowledge } from './acknowledge.js';

/** Where in the bucket each kind of object lives; lifecycle rules and IAM scopes use the same prefixes. */
export const BUCKET_PREFIXES = {
  images: 'images/',
  vectors: 'vectors/',
  /** Where Strata uploads training and validation JSONL (`finetune/<job>/training.jsonl`). */
  training: 'finetune/',
  /** Give customization jobs `s3://<bucket>/finetune/output/` as their output location. */
  customizationOutput: 'finetune/output/',
  invocationLogs: 'bedrock-invocation-logs/',
} as const;

export interface StrataDataProps {
  /** Days a generated image is kept before S3 deletes it. */
  readonly imageRetentionDays: number;
  /** Days a noncurrent (overwritten or deleted) object version is kept. */
  readonly noncurrentVersionDays: number;
  /** RETAIN for production (the default): `cdk destroy` leaves table, bucket and key behind. */
  readonly removalPolicy: RemovalPolicy;
}

/**
 * Strata's stores: one customer-managed KMS key (rotated yearly) that encrypts everything, the single
 * DynamoDB table (on-demand, PITR, TTL on `expiresAt`), and the blob bucket (SSE-KMS, no public access,
 * TLS only, versioned, access-logged) that also holds the vector index and fine-tuning data.
 */
export class StrataData extends Construct {
  readonly key: Key;
  readonly table: Table;
  readonly bucket: Bucket;
  /** Receives the server access logs of every bucket in the stack. */
  readonly accessLogs: Bucket;

  constructor(scope: Construct, id: string, props: StrataDataProps) {
    super(scope, id);
    const { removalPolicy } = props;
    const stack = Stack.of(this);

    this.key = new Key(this, 'Key', {
      description: 'Strata: encrypts its table, bucket, queues, topic, secret and logs',
      enableKeyRotation: true,
      removalPolicy,
    });
    // CloudWatch Logs encrypts this stack's log groups with the key (AWS's documented key policy statement).
    this.key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
        actions: [
          'kms:Encrypt',
          'kms:Decrypt',
          'kms:ReEncryptFrom',
          'kms:ReEncryptTo',
          'kms:GenerateDataKey',
          'kms:GenerateDataKeyWithoutPlaintext',
          'kms:DescribeKey',
        ],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': `arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:*`,
          },
        },
      }),
    );

    // Table (not TableV2): a customer-managed key on TableV2 needs a region-bound stack, and synth stays env-agnostic.
    this.table = new Table(this, 'Table', {
      partitionKey: { name: PARTITION_KEY, type: AttributeType.STRING },
      sortKey: { name: SORT_KEY, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: TTL_ATTRIBUTE,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      deletionProtection: removalPolicy === RemovalPolicy.RETAIN,
      removalPolicy,
    });

    this.accessLogs = new Bucket(this, 'AccessLogs', {
      // Server access log delivery supports only SSE-S3 on the target bucket.
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(365) }],
      removalPolicy,
      autoDeleteObjects: false,
    });
    acknowledge(
      this.accessLogs,
      'AwsSolutions-S1',
      'This is the access-log destination; logging it into itself would loop.',
    );

    this.bucket = new Bucket(this, 'Blobs', {
      encryption: BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'blobs/',
      lifecycleRules: [
        {
          id: 'expire-generated-images',
          prefix: BUCKET_PREFIXES.images,
          expiration: Duration.days(props.imageRetentionDays),
        },
        {
          id: 'expire-noncurrent-versions',
          noncurrentVersionExpiration: Duration.days(props.noncurrentVersionDays),
          abortIncompleteMultipartUploadAfter: Duration.days(7),
          expiredObjectDeleteMarker: true,
        },
      ],
      removalPolicy,
    });
  }

  /** `s3://bucket/vectors/`: the LanceDB index location. */
  get vectorIndexUri(): string {
    return `s3://${this.bucket.bucketName}/${BUCKET_PREFIXES.vectors}`;
  }
}
