/**
 * The environment variables the stack gives Strata's functions and tasks, by the names `src/config.ts`
 * reads. Only names, ARNs and ids: no token or secret ever goes into an environment variable.
 * `infra/test` checks every name here against Strata's config.
 */
export interface RuntimeValues {
  readonly tableName: string;
  readonly bucketName: string;
  readonly keyArn: string;
  readonly slackSecretArn: string;
  readonly metricsNamespace: string;
  readonly logLevel: string;
  readonly chatModel: string;
  readonly embeddingModel: string;
  readonly imageModel: string;
  readonly vectorUri: string;
  readonly finetuneRoleArn: string;
  readonly admins: readonly string[];
  readonly agent?: { readonly agentId: string; readonly aliasId: string };
}

export function runtimeEnvironment(values: RuntimeValues): Record<string, string> {
  return {
    LOG_LEVEL: values.logLevel,
    STRATA_TABLE_NAME: values.tableName,
    STRATA_BUCKET: values.bucketName,
    STRATA_KMS_KEY_ID: values.keyArn,
    STRATA_SLACK_SECRET_ARN: values.slackSecretArn,
    STRATA_METRICS_NAMESPACE: values.metricsNamespace,
    BEDROCK_MODEL_ID: values.chatModel,
    STRATA_EMBEDDING_MODEL_ID: values.embeddingModel,
    STRATA_IMAGE_MODEL_ID: values.imageModel,
    STRATA_VECTOR_URI: values.vectorUri,
    STRATA_FINETUNE_ROLE_ARN: values.finetuneRoleArn,
    ...(values.admins.length > 0 ? { STRATA_ADMIN_USERS: values.admins.join(',') } : {}),
    ...(values.agent
      ? { STRATA_AGENT_ID: values.agent.agentId, STRATA_AGENT_ALIAS_ID: values.agent.aliasId }
      : {}),
  };
}

/** Names that must never be set as plain variables: the Slack credentials live in Secrets Manager. */
const SECRET_NAMES = /TOKEN|SECRET(?!_ARN)|PASSWORD|SIGNING/;

/**
 * Operator-chosen settings on top of the stack's own: each must be a variable Strata reads (`known`), must
 * not be one the stack wires itself, and must not look like a credential.
 */
export function mergeOperatorEnvironment(
  wired: Record<string, string>,
  extra: Readonly<Record<string, string>>,
  known: readonly string[],
): Record<string, string> {
  const problems: string[] = [];
  for (const name of Object.keys(extra)) {
    if (!known.includes(name)) problems.push(`${name} is not a Strata setting`);
    else if (name in wired) problems.push(`${name} is set by the stack itself`);
    else if (SECRET_NAMES.test(name))
      problems.push(`${name} looks like a credential; put it in the Slack secret`);
  }
  if (problems.length > 0) throw new Error(`strata:environment: ${problems.join('; ')}`);
  return { ...wired, ...extra };
}

/** The variable the agent's action-group Lambda reads its orders table from. */
export const ORDERS_TABLE_VARIABLE = 'STRATA_ORDERS_TABLE_NAME';
