import { Duration, type RemovalPolicy, Stack } from 'aws-cdk-lib';
import { type CfnTrail, Trail } from 'aws-cdk-lib/aws-cloudtrail';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type IBucket,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/**
 * Bedrock data events worth recording (CloudTrail advanced event selectors, `resources.type`):
 * model invocations (InvokeModel, Converse and their streams) and agent invocations.
 */
export const DEFAULT_BEDROCK_DATA_EVENT_TYPES = ['AWS::Bedrock::Model', 'AWS::Bedrock::AgentAlias'] as const;

export interface AuditTrailProps {
  readonly key: IKey;
  readonly accessLogs: IBucket;
  /** `resources.type` values to log as data events. */
  readonly dataEventTypes: readonly string[];
  readonly retentionDays: number;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * An optional CloudTrail trail for accounts without an organization trail: management events plus the
 * Bedrock data events, log files encrypted with the stack's key and validated, in a TLS-only bucket.
 */
export class AuditTrail extends Construct {
  readonly trail: Trail;
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string, props: AuditTrailProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.bucket = new Bucket(this, 'Logs', {
      encryption: BucketEncryption.KMS,
      encryptionKey: props.key,
      bucketKeyEnabled: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'trail/',
      lifecycleRules: [{ id: 'expire-trail-logs', expiration: Duration.days(props.retentionDays) }],
      removalPolicy: props.removalPolicy,
    });
    const trailArn = `arn:${stack.partition}:cloudtrail:${stack.region}:${stack.account}:trail/*`;
    props.key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('cloudtrail.amazonaws.com')],
        actions: ['kms:GenerateDataKey', 'kms:DescribeKey'],
        resources: ['*'],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          StringLike: {
            'kms:EncryptionContext:aws:cloudtrail:arn': `arn:${stack.partition}:cloudtrail:*:${stack.account}:trail/*`,
          },
          ArnLike: { 'aws:SourceArn': trailArn },
        },
      }),
    );
    this.trail = new Trail(this, 'Trail', {
      bucket: this.bucket,
      encryptionKey: props.key,
      enableFileValidation: true,
      isMultiRegionTrail: false,
      includeGlobalServiceEvents: true,
    });
    const cfn = this.trail.node.defaultChild as CfnTrail;
    cfn.addPropertyOverride('AdvancedEventSelectors', [
      { Name: 'Management events', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
      ...props.dataEventTypes.map((type) => ({
        Name: `Bedrock data events: ${type}`,
        FieldSelectors: [
          { Field: 'eventCategory', Equals: ['Data'] },
          { Field: 'resources.type', Equals: [type] },
        ],
      })),
    ]);
  }
}
