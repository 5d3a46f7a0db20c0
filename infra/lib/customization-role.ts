import { Stack } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledgeWildcardResources } from './acknowledge.js';

export interface CustomizationRoleProps {
  readonly bucket: IBucket;
  readonly key: IKey;
  /** Prefix (ending in `/`) Bedrock may read training and validation data from. */
  readonly trainingPrefix: string;
  /** Prefix (ending in `/`) Bedrock writes job output (metrics) to. */
  readonly outputPrefix: string;
}

/**
 * The service role Bedrock assumes to run a customization job: trusted only by Bedrock for this
 * account's customization jobs; it reads the training prefix and writes the output prefix, nothing else.
 */
export class CustomizationRole extends Construct {
  readonly role: Role;

  constructor(scope: Construct, id: string, props: CustomizationRoleProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const { bucket, trainingPrefix, outputPrefix } = props;
    this.role = new Role(this, 'Role', {
      description: 'Strata: Bedrock model customization jobs read training data and write output',
      assumedBy: new ServicePrincipal('bedrock.amazonaws.com', {
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: {
            'aws:SourceArn': `arn:${stack.partition}:bedrock:${stack.region}:${stack.account}:model-customization-job/*`,
          },
        },
      }),
    });
    this.role.addToPolicy(
      new PolicyStatement({
        sid: 'ReadTrainingData',
        actions: ['s3:GetObject'],
        resources: [bucket.arnForObjects(`${trainingPrefix}*`)],
      }),
    );
    this.role.addToPolicy(
      new PolicyStatement({
        sid: 'WriteJobOutput',
        actions: ['s3:PutObject'],
        resources: [bucket.arnForObjects(`${outputPrefix}*`)],
      }),
    );
    this.role.addToPolicy(
      new PolicyStatement({
        sid: 'ListOwnPrefixes',
        actions: ['s3:ListBucket'],
        resources: [bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': [`${trainingPrefix}*`, `${outputPrefix}*`] } },
      }),
    );
    this.role.addToPolicy(
      new PolicyStatement({
        sid: 'UseBucketKeyThroughS3',
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: [props.key.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `s3.${stack.region}.amazonaws.com` } },
      }),
    );
    acknowledgeWildcardResources(
      this.role,
      [bucket.arnForObjects(`${trainingPrefix}*`), bucket.arnForObjects(`${outputPrefix}*`)],
      'Training files and job outputs have names chosen per job; access is confined to the finetune/ ' +
        '(read) and finetune/output/ (write) prefixes of the one Strata bucket, one named action each.',
    );
  }
}
