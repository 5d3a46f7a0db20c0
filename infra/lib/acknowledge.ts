import { Stack, Validations } from 'aws-cdk-lib';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference.js';
import type { IConstruct } from 'constructs';

/**
 * Acknowledges one cdk-nag finding on a construct (and everything under it), with the reason a security
 * reviewer reads. Findings of multi-finding rules are named `Rule[Finding]`, e.g.
 * `AwsSolutions-IAM5[Resource::<BucketLogicalId.Arn>/*]`.
 */
export function acknowledge(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}

/**
 * Acknowledges AwsSolutions-IAM5 for exactly these wildcard resources (as they appear in a policy the
 * scope owns), each by its own finding id, so any other wildcard is still reported.
 */
export function acknowledgeWildcardResources(
  scope: IConstruct,
  resources: readonly string[],
  reason: string,
): void {
  const stack = Stack.of(scope);
  for (const resource of resources) {
    const flat = resource === '*' ? '*' : flattenCfnReference(stack.resolve(resource));
    acknowledge(scope, `AwsSolutions-IAM5[Resource::${flat}]`, reason);
  }
}
