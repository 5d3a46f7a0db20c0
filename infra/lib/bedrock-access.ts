import { Stack } from 'aws-cdk-lib';
import { type IGrantable, type IRole, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IConstruct } from 'constructs';
import { acknowledgeWildcardResources } from './acknowledge.js';
import { type ArnScope, modelResources } from './bedrock-arns.js';

/** Model invocation: exactly the configured models and inference profiles, the two invoke actions, no wildcards. */
export function grantModelInvoke(
  grantee: IGrantable,
  modelIds: readonly string[],
  scope: ArnScope,
  extraActions: readonly string[] = [],
): void {
  const actions = ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream', ...extraActions];
  const direct = new Set<string>();
  const profiles = new Map<string, string[]>();
  for (const id of new Set(modelIds)) {
    const resources = modelResources(id, scope);
    for (const arn of resources.direct) direct.add(arn);
    if (resources.profile) profiles.set(resources.profile, resources.routedModels);
  }
  const principal = grantee.grantPrincipal;
  if (direct.size > 0 || profiles.size > 0) {
    principal.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'InvokeConfiguredModels',
        actions,
        resources: [...direct, ...profiles.keys()],
      }),
    );
  }
  for (const [profile, routed] of profiles) {
    // A cross-region profile forwards the call to a model in another region; allow that only via this profile.
    principal.addToPrincipalPolicy(
      new PolicyStatement({
        actions,
        resources: routed,
        conditions: { StringEquals: { 'bedrock:InferenceProfileArn': profile } },
      }),
    );
  }
}

/**
 * Invoking the account's own fine-tuned models once an admin deployed them (on-demand deployments or
 * provisioned throughput). Their ids exist only after deployment, so the ARNs end in a wildcard, scoped to
 * this account and region.
 */
export function grantCustomModelInvoke(grantee: IGrantable & IConstruct, scope: ArnScope): void {
  const { partition, region, account } = scope;
  const resources = [
    `arn:${partition}:bedrock:${region}:${account}:custom-model-deployment/*`,
    `arn:${partition}:bedrock:${region}:${account}:provisioned-model/*`,
  ];
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({
      sid: 'InvokeOwnCustomModels',
      actions: ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'],
      resources,
    }),
  );
  acknowledgeWildcardResources(
    grantee,
    resources,
    'Custom model deployments and provisioned throughput get their ids when an admin deploys a fine-tuned ' +
      'model; only this account and region, and only the two invoke actions (strata:customModelInvoke=false turns it off).',
  );
}

/** `bedrock:InvokeAgent` on the given agent aliases and nothing else. */
export function grantAgentInvoke(grantee: IGrantable, agentAliasArns: readonly string[]): void {
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({
      sid: 'InvokeConfiguredAgentAliases',
      actions: ['bedrock:InvokeAgent'],
      resources: [...agentAliasArns],
    }),
  );
}

export interface ControlPlaneAccess {
  /** The service role Bedrock assumes for customization jobs: the only role that may be passed. */
  readonly customizationRole: IRole;
  /** Foundation models jobs may start from. */
  readonly customizationBaseModelIds: readonly string[];
  /** Encrypts custom models when Strata passes it as customModelKmsKeyId. */
  readonly key: IKey;
  readonly scope: ArnScope;
}

/**
 * The admin side: read the model catalog, and create, watch and stop customization jobs, passing only
 * the customization service role, and only to Bedrock.
 */
export function grantControlPlane(grantee: IGrantable & IConstruct, access: ControlPlaneAccess): void {
  const { partition, region, account } = access.scope;
  const principal = grantee.grantPrincipal;
  const jobs = `arn:${partition}:bedrock:${region}:${account}:model-customization-job/*`;
  const customModels = `arn:${partition}:bedrock:${region}:${account}:custom-model/*`;
  const deployments = `arn:${partition}:bedrock:${region}:${account}:custom-model-deployment/*`;
  const baseModels = access.customizationBaseModelIds.map(
    (id) => `arn:${partition}:bedrock:${region}::foundation-model/${id}`,
  );
  const statements = [
    new PolicyStatement({
      sid: 'ListModelCatalog',
      actions: [
        'bedrock:ListFoundationModels',
        'bedrock:ListCustomModels',
        'bedrock:ListModelCustomizationJobs',
        'bedrock:ListCustomModelDeployments',
        'bedrock:ListProvisionedModelThroughputs',
      ],
      resources: ['*'],
    }),
    new PolicyStatement({
      sid: 'CreateCustomizationJobs',
      actions: ['bedrock:CreateModelCustomizationJob', 'bedrock:TagResource'],
      resources: [jobs, customModels, ...baseModels],
    }),
    new PolicyStatement({
      sid: 'WatchCustomizationJobs',
      actions: [
        'bedrock:GetModelCustomizationJob',
        'bedrock:StopModelCustomizationJob',
        'bedrock:GetCustomModel',
      ],
      resources: [jobs, customModels],
    }),
    new PolicyStatement({
      sid: 'DeployCustomModelsOnDemand',
      actions: ['bedrock:CreateCustomModelDeployment'],
      resources: [customModels, deployments],
    }),
    new PolicyStatement({
      sid: 'PassCustomizationRoleToBedrock',
      actions: ['iam:PassRole'],
      resources: [access.customizationRole.roleArn],
      conditions: { StringEquals: { 'iam:PassedToService': 'bedrock.amazonaws.com' } },
    }),
    new PolicyStatement({
      sid: 'EncryptCustomModels',
      actions: ['kms:DescribeKey', 'kms:CreateGrant'],
      resources: [access.key.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `bedrock.${Stack.of(grantee).region}.amazonaws.com` } },
    }),
  ];
  for (const statement of statements) principal.addToPrincipalPolicy(statement);

  acknowledgeWildcardResources(
    grantee,
    ['*'],
    'The model catalog List* actions (foundation models, custom models, customization jobs, deployments, ' +
      'provisioned throughput) do not support resource-level permissions, so IAM requires "*" for them.',
  );
  acknowledgeWildcardResources(
    grantee,
    [jobs, customModels, deployments],
    'Customization job, custom model and deployment ids are generated by Bedrock when they are created; the ARNs are scoped ' +
      'to this account and region and the actions are named one by one.',
  );
}
