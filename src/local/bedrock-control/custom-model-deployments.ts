import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { conflict, notFound, validation } from './control-error.js';

const createRequest = z.object({
  modelDeploymentName: z
    .string()
    .min(1)
    .max(63)
    .regex(/^[a-zA-Z0-9](-*[a-zA-Z0-9+\-.])*$/),
  modelArn: z.string().min(1),
  description: z.string().max(200).optional(),
  clientRequestToken: z.string().optional(),
  tags: z.array(z.object({ key: z.string(), value: z.string() })).optional(),
});

interface Deployment {
  arn: string;
  name: string;
  modelArn: string;
  createdAt: number;
}

/**
 * On-demand custom model deployments (CreateCustomModelDeployment / ListCustomModelDeployments): Creating,
 * then Active once `readyAfterMs` passed on the clock. Provisioned Throughput is not emulated (always none).
 */
export function createLocalDeployments(options: {
  region: string;
  accountId: string;
  now: () => number;
  readyAfterMs: number;
  /** true when the ARN names a custom model that finished training. */
  isActiveCustomModel: (modelArn: string) => Promise<boolean>;
}) {
  const deployments: Deployment[] = [];
  const iso = (ms: number) => new Date(ms).toISOString();
  const statusOf = (d: Deployment) =>
    options.now() >= d.createdAt + options.readyAfterMs ? 'Active' : 'Creating';

  return {
    async create(body: unknown) {
      const parsed = createRequest.safeParse(body);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw validation(
          `1 validation error detected: Value at '${issue?.path.join('.') ?? 'body'}' failed to satisfy constraint: ${issue?.message ?? 'invalid'}`,
        );
      }
      const request = parsed.data;
      if (!(await options.isActiveCustomModel(request.modelArn))) {
        throw notFound(`The custom model ${request.modelArn} was not found or is not active.`);
      }
      if (deployments.some((d) => d.name === request.modelDeploymentName)) {
        throw conflict(`A custom model deployment named ${request.modelDeploymentName} already exists.`);
      }
      const id = randomUUID().replace(/-/g, '').slice(0, 12);
      const deployment = {
        arn: `arn:aws:bedrock:${options.region}:${options.accountId}:custom-model-deployment/${id}`,
        name: request.modelDeploymentName,
        modelArn: request.modelArn,
        createdAt: options.now(),
      };
      deployments.push(deployment);
      return { customModelDeploymentArn: deployment.arn };
    },

    list(query: URLSearchParams) {
      const status = query.get('statusEquals');
      if (status !== null && !['Creating', 'Active', 'Failed'].includes(status)) {
        throw validation(
          `Value '${status}' at 'statusEquals' failed to satisfy constraint: Member must satisfy enum value set: [Creating, Active, Failed]`,
        );
      }
      const modelArn = query.get('modelArnEquals');
      const nameContains = query.get('nameContains');
      return {
        modelDeploymentSummaries: deployments
          .filter(
            (d) =>
              (modelArn === null || d.modelArn === modelArn) &&
              (nameContains === null || d.name.includes(nameContains)),
          )
          .filter((d) => status === null || statusOf(d) === status)
          .map((d) => ({
            customModelDeploymentArn: d.arn,
            customModelDeploymentName: d.name,
            modelArn: d.modelArn,
            createdAt: iso(d.createdAt),
            status: statusOf(d),
            lastUpdatedAt: iso(Math.min(options.now(), d.createdAt + options.readyAfterMs)),
          })),
      };
    },

    listProvisioned(query: URLSearchParams) {
      const status = query.get('statusEquals');
      if (status !== null && !['Creating', 'InService', 'Updating', 'Failed'].includes(status)) {
        throw validation(
          `Value '${status}' at 'statusEquals' failed to satisfy constraint: Member must satisfy enum value set: [Creating, InService, Updating, Failed]`,
        );
      }
      return { provisionedModelSummaries: [] };
    },
  };
}
