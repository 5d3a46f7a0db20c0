import type { Logger } from '../log.js';
import type { FoundationModel, ModelCatalog } from './catalog.js';

/**
 * Whether a model id can be used for chat. `verified: false` means it was accepted without the
 * catalog: an ARN ListFoundationModels does not describe, or the catalog could not be reached in time.
 */
export type ModelCheck = { ok: true; verified: boolean } | { ok: false; problem: string };

export interface ChatModelCheck {
  check(modelId: string): Promise<ModelCheck>;
}

/** Cross-region inference profile ids put a geography before the model id. */
const PROFILE_PREFIX = /^(us|eu|apac|global|us-gov|ca|jp|au)\.(.+)$/;
const BEDROCK_ARN = /^arn:aws[\w-]*:bedrock:[\w-]*:\d{0,12}:([\w-]+)\/(.+)$/;
/** Resources Strata can invoke that ListFoundationModels does not list. */
const OWN_RESOURCES = new Set([
  'application-inference-profile',
  'custom-model',
  'custom-model-deployment',
  'provisioned-model',
  'imported-model',
]);

/**
 * The catalog rules for a chat model: in the region's catalog, streaming, TEXT out, and named the way
 * Bedrock lets it be called (a bare id needs on-demand; `us.…`/`global.…` need an inference profile).
 * If the catalog can't be reached within `timeoutMs`, the id is accepted and a warning logged: a
 * Bedrock outage must not stop people from changing settings, and a wrong id still fails visibly
 * at the first reply with Bedrock's own "model not found".
 */
export function createChatModelCheck(options: {
  catalog: Pick<ModelCatalog, 'list'>;
  logger: Logger;
  /** Slack allows 3 s to answer a modal submission; the catalog is cached after its first load. */
  timeoutMs?: number;
}): ChatModelCheck {
  const timeoutMs = options.timeoutMs ?? 1500;
  return {
    async check(modelId) {
      const decided = withoutCatalog(modelId);
      if (decided !== undefined) return decided;
      let timer: NodeJS.Timeout | undefined;
      try {
        const models = await Promise.race([
          options.catalog.list(),
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error(`no catalog after ${timeoutMs} ms`)), timeoutMs);
          }),
        ]);
        return checkChatModel(modelId, models);
      } catch (error) {
        options.logger.warn(
          { err: error, model: modelId },
          'model catalog unreachable; accepting the model id unchecked',
        );
        return { ok: true, verified: false };
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** The rules themselves, over a catalog already loaded. */
export function checkChatModel(modelId: string, models: readonly FoundationModel[]): ModelCheck {
  const decided = withoutCatalog(modelId);
  if (decided !== undefined) return decided;
  const arn = BEDROCK_ARN.exec(modelId);
  const id = arn?.[2] ?? modelId;
  const profile = PROFILE_PREFIX.exec(id);
  const baseId = profile?.[2] ?? id;
  const model = models.find((m) => m.modelId === baseId);
  if (model === undefined) return { ok: false, problem: unknownModel(modelId, baseId, models) };

  if (!model.outputModalities.includes('TEXT')) {
    return {
      ok: false,
      problem: `\`${shorten(modelId)}\` cannot chat: it answers with ${model.outputModalities.join('/') || 'no text'}, not text. Pick a text model from \`/bedrock models text\`.`,
    };
  }
  if (!model.streaming) {
    return {
      ok: false,
      problem: `\`${shorten(modelId)}\` cannot stream its answers, which Strata's replies need. Pick a streaming model from \`/bedrock models text\`.`,
    };
  }
  const types = model.inferenceTypes;
  const viaProfile = profile !== null || arn?.[1] === 'inference-profile';
  if (types.length > 0 && viaProfile && !types.includes('INFERENCE_PROFILE')) {
    return {
      ok: false,
      problem: `\`${shorten(modelId)}\` is not an inference profile: \`${baseId}\` has none. Use \`${baseId}\` itself.`,
    };
  }
  if (types.length > 0 && !viaProfile && !types.includes('ON_DEMAND')) {
    return {
      ok: false,
      problem: types.includes('INFERENCE_PROFILE')
        ? `\`${baseId}\` can only be called through an inference profile: use e.g. \`us.${baseId}\` or \`global.${baseId}\` (the prefix is your region's geography).`
        : `\`${baseId}\` has no on-demand use: it needs Provisioned Throughput; use that throughput's ARN.`,
    };
  }
  return { ok: true, verified: true };
}

/** ARNs decide themselves: Strata's own resources are accepted, anything but a model or profile ARN refused. */
function withoutCatalog(modelId: string): ModelCheck | undefined {
  if (!modelId.startsWith('arn:')) return undefined;
  const kind = BEDROCK_ARN.exec(modelId)?.[1] ?? '';
  if (OWN_RESOURCES.has(kind)) return { ok: true, verified: false };
  if (kind === 'foundation-model' || kind === 'inference-profile') return undefined;
  return { ok: false, problem: notBedrockArn(modelId) };
}

function notBedrockArn(modelId: string): string {
  return `\`${shorten(modelId)}\` is not an ARN Strata can chat with: use a Bedrock foundation model, inference profile, custom model deployment or provisioned throughput ARN, or a model id from \`/bedrock models\`.`;
}

function unknownModel(modelId: string, baseId: string, models: readonly FoundationModel[]): string {
  const close = closeMatches(baseId, models.filter(canChat));
  const hint =
    close.length > 0 ? ` Did you mean ${close.map((m) => `\`${callableId(m)}\``).join(', ')}?` : '';
  return `\`${shorten(modelId)}\` is not a model in this region's Bedrock catalog.${hint} Run \`/bedrock models\` to see them all.`;
}

function canChat(model: FoundationModel): boolean {
  return model.streaming && model.outputModalities.includes('TEXT');
}

/** How people should write the model: its id when on-demand, else through the US profile. */
function callableId(model: FoundationModel): string {
  const onDemand = model.inferenceTypes.length === 0 || model.inferenceTypes.includes('ON_DEMAND');
  return onDemand ? model.modelId : `us.${model.modelId}`;
}

/** Up to three models whose id contains what was typed, or is a few edits away from it. */
export function closeMatches(typed: string, models: readonly FoundationModel[]): FoundationModel[] {
  const wanted = typed.toLowerCase();
  const scored = models.flatMap((model) => {
    const id = model.modelId.toLowerCase();
    const name = id.slice(id.indexOf('.') + 1);
    if (wanted.length >= 3 && (id.includes(wanted) || name.includes(wanted))) {
      return [{ model, score: Math.abs(name.length - wanted.length) / 100 }];
    }
    const distance = Math.min(editDistance(wanted, id), editDistance(wanted, name));
    return distance <= Math.max(2, Math.floor(wanted.length / 4)) ? [{ model, score: distance }] : [];
  });
  return scored
    .sort((a, b) => a.score - b.score)
    .slice(0, 3)
    .map((s) => s.model);
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 20) return Number.POSITIVE_INFINITY;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? Number.POSITIVE_INFINITY;
}

function shorten(text: string): string {
  return text.length > 120 ? `${text.slice(0, 120)}…` : text;
}
