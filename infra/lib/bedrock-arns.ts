/**
 * IAM resource ARNs for Bedrock model ids as Strata's config names them: a foundation model id, a
 * cross-region inference profile id (`us.…`, `eu.…`, `global.…`) or a full ARN. Pure, so it is unit-tested.
 */

/** Where each geography's system inference profiles route requests. Override per deployment if AWS adds regions. */
export const DEFAULT_PROFILE_REGIONS: Readonly<Record<string, readonly string[]>> = {
  us: ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2'],
  eu: ['eu-central-1', 'eu-central-2', 'eu-north-1', 'eu-south-1', 'eu-south-2', 'eu-west-1', 'eu-west-3'],
  apac: [
    'ap-northeast-1',
    'ap-northeast-2',
    'ap-northeast-3',
    'ap-south-1',
    'ap-south-2',
    'ap-southeast-1',
    'ap-southeast-2',
    'ap-southeast-4',
  ],
  jp: ['ap-northeast-1', 'ap-northeast-3'],
  au: ['ap-southeast-2', 'ap-southeast-4'],
  ca: ['ca-central-1', 'ca-west-1'],
  'us-gov': ['us-gov-east-1', 'us-gov-west-1'],
};

export interface ArnScope {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  readonly profileRegions?: Readonly<Record<string, readonly string[]>>;
}

/** The resources one model id needs for InvokeModel*, split by whether access goes through a profile. */
export interface ModelResources {
  /** Foundation models, custom models or ARNs invoked directly. */
  readonly direct: string[];
  /** The inference profile ARN, when the id is one. */
  readonly profile?: string;
  /** Foundation models the profile routes to; grant these only for calls made through `profile`. */
  readonly routedModels: string[];
}

const profilePrefix = /^(us-gov|us|eu|apac|jp|au|ca|global)\.(.+)$/;

export function modelResources(modelId: string, scope: ArnScope): ModelResources {
  const { partition, region, account } = scope;
  if (modelId.startsWith('arn:')) {
    const profileArn = /:(application-)?inference-profile\/(.+)$/.exec(modelId);
    if (profileArn?.[2] && !profileArn[1]) {
      const routed = modelResources(profileArn[2], scope);
      return { direct: [], profile: modelId, routedModels: routed.routedModels };
    }
    return { direct: [modelId], routedModels: [] };
  }
  const match = profilePrefix.exec(modelId);
  if (!match?.[1] || !match[2]) {
    return { direct: [`arn:${partition}:bedrock:${region}::foundation-model/${modelId}`], routedModels: [] };
  }
  const [, geography, baseModel] = match;
  const profile = `arn:${partition}:bedrock:${region}:${account}:inference-profile/${modelId}`;
  if (geography === 'global') {
    // Global profiles may route to any commercial region; AWS documents a region-less model ARN for them.
    return {
      direct: [],
      profile,
      routedModels: [`arn:${partition}:bedrock:::foundation-model/${baseModel}`],
    };
  }
  const regions = (scope.profileRegions ?? DEFAULT_PROFILE_REGIONS)[geography];
  if (regions === undefined || regions.length === 0) {
    throw new Error(
      `no destination regions known for inference profile ${modelId}; set profileRegions.${geography}`,
    );
  }
  return {
    direct: [],
    profile,
    routedModels: regions.map((r) => `arn:${partition}:bedrock:${r}::foundation-model/${baseModel}`),
  };
}

/** `arn:…:agent-alias/AGENT/ALIAS` for InvokeAgent. */
export function agentAliasArn(
  scope: Omit<ArnScope, 'profileRegions'>,
  agentId: string,
  aliasId: string,
): string {
  return `arn:${scope.partition}:bedrock:${scope.region}:${scope.account}:agent-alias/${agentId}/${aliasId}`;
}
