import { type BedrockClient, ListFoundationModelsCommand } from '@aws-sdk/client-bedrock';
import { z } from 'zod';
import { StrataError } from '../errors.js';
import { mapControlPlaneError } from './control-plane.js';

export type CustomizationKind = 'FINE_TUNING' | 'CONTINUED_PRE_TRAINING' | 'DISTILLATION';

/** One foundation model as Strata uses it; Bedrock's summary shape stops here. */
export interface FoundationModel {
  modelId: string;
  modelArn: string;
  name: string;
  provider: string;
  /** e.g. TEXT, IMAGE, EMBEDDING, VIDEO, SPEECH */
  inputModalities: string[];
  outputModalities: string[];
  streaming: boolean;
  customizations: CustomizationKind[];
  /** ON_DEMAND, PROVISIONED, INFERENCE_PROFILE */
  inferenceTypes: string[];
  lifecycle: 'ACTIVE' | 'LEGACY';
}

export interface ModelCatalog {
  /** Every foundation model in the region, from ListFoundationModels (cached). */
  list(): Promise<FoundationModel[]>;
  /** Accepts a model id, an inference profile id (`us.…`) or a foundation-model ARN. */
  find(modelId: string): Promise<FoundationModel | undefined>;
  /** Models that support the customization (any customization when omitted). */
  customizable(kind?: CustomizationKind): Promise<FoundationModel[]>;
  /** Drops the cache, e.g. after an admin enabled a model. */
  refresh(): void;
}

const customizationKinds = ['FINE_TUNING', 'CONTINUED_PRE_TRAINING', 'DISTILLATION'] as const;

const summarySchema = z.object({
  modelId: z.string().min(1),
  modelArn: z.string().min(1),
  modelName: z.string().optional(),
  providerName: z.string().optional(),
  inputModalities: z.array(z.string()).optional(),
  outputModalities: z.array(z.string()).optional(),
  responseStreamingSupported: z.boolean().optional(),
  customizationsSupported: z.array(z.string()).optional(),
  inferenceTypesSupported: z.array(z.string()).optional(),
  modelLifecycle: z.object({ status: z.string() }).optional(),
});

export function createModelCatalog(options: {
  client: BedrockClient;
  /** How long one ListFoundationModels answer is reused (default one hour). */
  ttlMs?: number;
  now?: () => number;
}): ModelCatalog {
  const ttlMs = options.ttlMs ?? 3_600_000;
  const now = options.now ?? Date.now;
  let cached: { at: number; models: FoundationModel[] } | undefined;
  let inFlight: Promise<FoundationModel[]> | undefined;

  const load = async (): Promise<FoundationModel[]> => {
    try {
      const output = await options.client.send(new ListFoundationModelsCommand({}));
      return (output.modelSummaries ?? []).flatMap((raw) => {
        const parsed = summarySchema.safeParse(raw);
        return parsed.success ? [toFoundationModel(parsed.data)] : [];
      });
    } catch (error) {
      throw mapControlPlaneError(error, 'ListFoundationModels');
    }
  };

  const list = async (): Promise<FoundationModel[]> => {
    if (cached && now() - cached.at < ttlMs) return cached.models;
    inFlight ??= load()
      .then((models) => {
        cached = { at: now(), models };
        return models;
      })
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  };

  return {
    list,
    async find(modelId) {
      const wanted = baseModelId(modelId);
      return (await list()).find((m) => m.modelId === wanted || m.modelArn === modelId);
    },
    async customizable(kind) {
      return (await list()).filter((m) =>
        kind === undefined ? m.customizations.length > 0 : m.customizations.includes(kind),
      );
    },
    refresh() {
      cached = undefined;
    },
  };
}

/** `us.anthropic.claude-…` and `arn:aws:bedrock:…::foundation-model/anthropic.claude-…` → `anthropic.claude-…`. */
export function baseModelId(modelId: string): string {
  const arn = /^arn:aws[\w-]*:bedrock:[^:]*:[^:]*:(?:foundation-model|inference-profile)\/(.+)$/.exec(
    modelId,
  );
  const id = arn?.[1] ?? modelId;
  return id.replace(/^(us|eu|apac|global|us-gov|ca|jp|au)\./, '');
}

export function requireModel(model: FoundationModel | undefined, modelId: string): FoundationModel {
  if (model) return model;
  throw new StrataError('bad_input', `unknown model ${modelId}`, {
    userMessage: `\`${modelId}\` is not a foundation model in this region. Run \`/bedrock models\` to see the catalog.`,
  });
}

function toFoundationModel(raw: z.infer<typeof summarySchema>): FoundationModel {
  return {
    modelId: raw.modelId,
    modelArn: raw.modelArn,
    name: raw.modelName ?? raw.modelId,
    provider: raw.providerName ?? raw.modelId.split('.')[0] ?? 'unknown',
    inputModalities: raw.inputModalities ?? [],
    outputModalities: raw.outputModalities ?? [],
    streaming: raw.responseStreamingSupported ?? false,
    customizations: (raw.customizationsSupported ?? []).filter((c): c is CustomizationKind =>
      (customizationKinds as readonly string[]).includes(c),
    ),
    inferenceTypes: raw.inferenceTypesSupported ?? [],
    lifecycle: raw.modelLifecycle?.status === 'LEGACY' ? 'LEGACY' : 'ACTIVE',
  };
}
