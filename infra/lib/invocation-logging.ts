import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { acknowledge, acknowledgeWildcardResources } from './acknowledge.js';

export type InvocationLogDestination = 'cloudwatch' | 's3' | 'both';

export interface InvocationLoggingProps {
  readonly destination: InvocationLogDestination;
  readonly key: IKey;
  readonly bucket: IBucket;
  /** Prefix (ending in `/`) for the S3 destination. */
  readonly prefix: string;
  readonly logRetention: RetentionDays;
}

/**
 * Bedrock model invocation logging (prompts and responses) to CloudWatch Logs and/or S3, both encrypted
 * with the stack's key. It is one setting per account and region: deploying sets it, deleting clears it.
 */
export class InvocationLogging extends Construct {
  readonly logGroup?: LogGroup;

  constructor(scope: Construct, id: string, props: InvocationLoggingProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const { key, bucket } = props;
    const fromThisAccount = {
      StringEquals: { 'aws:SourceAccount': stack.account },
      ArnLike: { 'aws:SourceArn': `arn:${stack.partition}:bedrock:${stack.region}:${stack.account}:*` },
    };
    const loggingConfig: Record<string, unknown> = {
      textDataDeliveryEnabled: true,
      imageDataDeliveryEnabled: true,
      embeddingDataDeliveryEnabled: true,
    };
    const passRoles: string[] = [];

    if (props.destination !== 's3') {
      this.logGroup = new LogGroup(this, 'Logs', {
        encryptionKey: key,
        retention: props.logRetention,
        removalPolicy: RemovalPolicy.RETAIN,
      });
      const role = new Role(this, 'DeliveryRole', {
        description: 'Bedrock writes model invocation logs to Strata’s log group',
        assumedBy: new ServicePrincipal('bedrock.amazonaws.com', { conditions: fromThisAccount }),
      });
      role.addToPolicy(
        new PolicyStatement({
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [this.logGroup.logGroupArn],
        }),
      );
      passRoles.push(role.roleArn);
      loggingConfig.cloudWatchConfig = { logGroupName: this.logGroup.logGroupName, roleArn: role.roleArn };
    }
    if (props.destination !== 'cloudwatch') {
      bucket.addToResourcePolicy(
        new PolicyStatement({
          principals: [new ServicePrincipal('bedrock.amazonaws.com')],
          actions: ['s3:PutObject'],
          resources: [
            bucket.arnForObjects(`${props.prefix}AWSLogs/${stack.account}/BedrockModelInvocationLogs/*`),
          ],
          conditions: fromThisAccount,
        }),
      );
      key.addToResourcePolicy(
        new PolicyStatement({
          principals: [new ServicePrincipal('bedrock.amazonaws.com')],
          actions: ['kms:GenerateDataKey'],
          resources: ['*'],
          conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
        }),
      );
      loggingConfig.s3Config = { bucketName: bucket.bucketName, keyPrefix: props.prefix.replace(/\/$/, '') };
    }

    const setting = new AwsCustomResource(this, 'Setting', {
      resourceType: 'Custom::BedrockInvocationLogging',
      installLatestAwsSdk: false,
      onUpdate: {
        service: 'bedrock',
        action: 'PutModelInvocationLoggingConfiguration',
        parameters: { loggingConfig },
        physicalResourceId: PhysicalResourceId.of(`bedrock-invocation-logging-${stack.region}`),
      },
      onDelete: { service: 'bedrock', action: 'DeleteModelInvocationLoggingConfiguration' },
      policy: AwsCustomResourcePolicy.fromStatements([
        new PolicyStatement({
          actions: [
            'bedrock:PutModelInvocationLoggingConfiguration',
            'bedrock:DeleteModelInvocationLoggingConfiguration',
          ],
          resources: ['*'],
        }),
        ...(passRoles.length > 0
          ? [
              new PolicyStatement({
                actions: ['iam:PassRole'],
                resources: passRoles,
                conditions: { StringEquals: { 'iam:PassedToService': 'bedrock.amazonaws.com' } },
              }),
            ]
          : []),
      ]),
    });
    acknowledgeWildcardResources(
      setting,
      ['*'],
      'Put/DeleteModelInvocationLoggingConfiguration act on the account-level setting and have no resource ' +
        'ARN; IAM requires "*". The two actions are named.',
    );
    // The provider function AwsCustomResource shares stack-wide (one singleton per stack).
    const provider = stack.node.tryFindChild('AWS679f53fac002430cb0da5b7982bd2287');
    if (provider) {
      acknowledge(
        provider,
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        'CDK’s AwsCustomResource provider function uses AWSLambdaBasicExecutionRole for its own logs.',
      );
      acknowledge(
        provider,
        'AwsSolutions-L1',
        'The runtime of CDK’s AwsCustomResource provider function is chosen by aws-cdk-lib.',
      );
    }
  }
}
