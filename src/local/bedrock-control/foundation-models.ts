/** A foundation model as ListFoundationModels describes it (wire field names). */
export interface LocalFoundationModel {
  modelId: string;
  modelName: string;
  providerName: string;
  inputModalities: string[];
  outputModalities: string[];
  responseStreamingSupported: boolean;
  customizationsSupported: string[];
  inferenceTypesSupported: string[];
  lifecycle: 'ACTIVE' | 'LEGACY';
}

const FT = 'FINE_TUNING';
const CPT = 'CONTINUED_PRE_TRAINING';
const DIST = 'DISTILLATION';
const OD = 'ON_DEMAND';
const PT = 'PROVISIONED';
const IP = 'INFERENCE_PROFILE';

function model(
  modelId: string,
  modelName: string,
  providerName: string,
  io: [string[], string[]],
  facts: { streaming: boolean; customizations?: string[]; inference: string[]; legacy?: boolean },
): LocalFoundationModel {
  return {
    modelId,
    modelName,
    providerName,
    inputModalities: io[0],
    outputModalities: io[1],
    responseStreamingSupported: facts.streaming,
    customizationsSupported: facts.customizations ?? [],
    inferenceTypesSupported: facts.inference,
    lifecycle: facts.legacy ? 'LEGACY' : 'ACTIVE',
  };
}

const text: [string[], string[]] = [['TEXT'], ['TEXT']];
const vision: [string[], string[]] = [['TEXT', 'IMAGE'], ['TEXT']];
const multimodal: [string[], string[]] = [['TEXT', 'IMAGE', 'VIDEO'], ['TEXT']];
const embed: [string[], string[]] = [['TEXT'], ['EMBEDDING']];
const image: [string[], string[]] = [['TEXT', 'IMAGE'], ['IMAGE']];

/** The catalog the local endpoint serves: shaped like us-east-1's, trimmed to the families Strata uses. */
export const localFoundationModels: readonly LocalFoundationModel[] = [
  model('amazon.titan-text-express-v1', 'Titan Text G1 - Express', 'Amazon', text, {
    streaming: true,
    customizations: [FT, CPT],
    inference: [OD],
  }),
  model('amazon.titan-text-lite-v1', 'Titan Text G1 - Lite', 'Amazon', text, {
    streaming: true,
    customizations: [FT, CPT],
    inference: [OD],
  }),
  model('amazon.titan-text-premier-v1:0', 'Titan Text G1 - Premier', 'Amazon', text, {
    streaming: true,
    customizations: [FT],
    inference: [OD],
  }),
  model('amazon.titan-embed-text-v2:0', 'Titan Text Embeddings V2', 'Amazon', embed, {
    streaming: false,
    inference: [OD],
  }),
  model(
    'amazon.titan-embed-image-v1',
    'Titan Multimodal Embeddings G1',
    'Amazon',
    [['TEXT', 'IMAGE'], ['EMBEDDING']],
    {
      streaming: false,
      customizations: [FT],
      inference: [OD],
    },
  ),
  model('amazon.titan-image-generator-v2:0', 'Titan Image Generator G1 v2', 'Amazon', image, {
    streaming: false,
    customizations: [FT],
    inference: [OD, PT],
  }),
  model('amazon.nova-micro-v1:0', 'Nova Micro', 'Amazon', text, {
    streaming: true,
    customizations: [FT, DIST],
    inference: [OD, IP],
  }),
  model('amazon.nova-lite-v1:0', 'Nova Lite', 'Amazon', multimodal, {
    streaming: true,
    customizations: [FT, DIST],
    inference: [OD, IP],
  }),
  model('amazon.nova-pro-v1:0', 'Nova Pro', 'Amazon', multimodal, {
    streaming: true,
    customizations: [FT, DIST],
    inference: [OD, IP],
  }),
  model('amazon.nova-canvas-v1:0', 'Nova Canvas', 'Amazon', image, { streaming: false, inference: [OD] }),
  model('anthropic.claude-3-haiku-20240307-v1:0', 'Claude 3 Haiku', 'Anthropic', vision, {
    streaming: true,
    customizations: [FT],
    inference: [OD, IP],
  }),
  model('anthropic.claude-3-sonnet-20240229-v1:0', 'Claude 3 Sonnet', 'Anthropic', vision, {
    streaming: true,
    inference: [OD],
    legacy: true,
  }),
  model('anthropic.claude-3-5-haiku-20241022-v1:0', 'Claude 3.5 Haiku', 'Anthropic', text, {
    streaming: true,
    inference: [IP],
  }),
  model('anthropic.claude-3-5-sonnet-20241022-v2:0', 'Claude 3.5 Sonnet v2', 'Anthropic', vision, {
    streaming: true,
    inference: [IP],
    legacy: true,
  }),
  model('anthropic.claude-3-7-sonnet-20250219-v1:0', 'Claude 3.7 Sonnet', 'Anthropic', vision, {
    streaming: true,
    inference: [IP],
  }),
  model('anthropic.claude-sonnet-4-20250514-v1:0', 'Claude Sonnet 4', 'Anthropic', vision, {
    streaming: true,
    inference: [IP],
  }),
  model('meta.llama3-1-8b-instruct-v1:0', 'Llama 3.1 8B Instruct', 'Meta', text, {
    streaming: true,
    customizations: [FT],
    inference: [OD, IP],
  }),
  model('meta.llama3-1-70b-instruct-v1:0', 'Llama 3.1 70B Instruct', 'Meta', text, {
    streaming: true,
    customizations: [FT],
    inference: [OD, IP],
  }),
  model('meta.llama3-2-11b-instruct-v1:0', 'Llama 3.2 11B Instruct', 'Meta', vision, {
    streaming: true,
    customizations: [FT],
    inference: [IP],
  }),
  model('meta.llama3-3-70b-instruct-v1:0', 'Llama 3.3 70B Instruct', 'Meta', text, {
    streaming: true,
    inference: [IP],
  }),
  model('cohere.command-light-text-v14', 'Command Light', 'Cohere', text, {
    streaming: true,
    customizations: [FT],
    inference: [OD],
    legacy: true,
  }),
  model('cohere.command-r-plus-v1:0', 'Command R+', 'Cohere', text, { streaming: true, inference: [OD] }),
  model('cohere.embed-english-v3', 'Embed English', 'Cohere', embed, { streaming: false, inference: [OD] }),
  model('mistral.mistral-7b-instruct-v0:2', 'Mistral 7B Instruct', 'Mistral AI', text, {
    streaming: true,
    inference: [OD],
  }),
  model('mistral.mistral-large-2402-v1:0', 'Mistral Large (24.02)', 'Mistral AI', text, {
    streaming: true,
    inference: [OD],
  }),
  model('ai21.jamba-1-5-large-v1:0', 'Jamba 1.5 Large', 'AI21 Labs', text, {
    streaming: true,
    inference: [OD],
  }),
  model('stability.sd3-5-large-v1:0', 'Stable Diffusion 3.5 Large', 'Stability AI', image, {
    streaming: false,
    inference: [OD],
  }),
  model('stability.stable-image-core-v1:1', 'Stable Image Core 1.1', 'Stability AI', [['TEXT'], ['IMAGE']], {
    streaming: false,
    inference: [OD],
  }),
  model('deepseek.r1-v1:0', 'DeepSeek-R1', 'DeepSeek', text, { streaming: true, inference: [IP] }),
];

export function toSummary(m: LocalFoundationModel, region: string): Record<string, unknown> {
  return {
    modelArn: `arn:aws:bedrock:${region}::foundation-model/${m.modelId}`,
    modelId: m.modelId,
    modelName: m.modelName,
    providerName: m.providerName,
    inputModalities: m.inputModalities,
    outputModalities: m.outputModalities,
    responseStreamingSupported: m.responseStreamingSupported,
    customizationsSupported: m.customizationsSupported,
    inferenceTypesSupported: m.inferenceTypesSupported,
    modelLifecycle: {
      status: m.lifecycle,
      ...(m.lifecycle === 'LEGACY'
        ? { legacyTime: '2025-07-01T00:00:00Z', endOfLifeTime: '2026-01-15T00:00:00Z' }
        : {}),
    },
  };
}

/** Looks a model up by id, ARN, or inference profile id, as Bedrock's `modelIdentifier` allows. */
export function findLocalModel(identifier: string): LocalFoundationModel | undefined {
  const fromArn = /^arn:aws[\w-]*:bedrock:[^:]*:[^:]*:foundation-model\/(.+)$/.exec(identifier)?.[1];
  const id = (fromArn ?? identifier).replace(/^(us|eu|apac|global)\./, '');
  return localFoundationModels.find((m) => m.modelId === id);
}
