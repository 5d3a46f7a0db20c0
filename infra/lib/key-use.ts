import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';

/**
 * What a Strata workload needs from the stack's key to read and write the stores it encrypts (DynamoDB,
 * S3 SSE-KMS, SQS, Secrets Manager): the four actions, named one by one instead of `Grant*` wildcards.
 */
export function grantKeyUse(key: IKey, grantee: IGrantable): void {
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({
      actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'],
      resources: [key.keyArn],
    }),
  );
}
