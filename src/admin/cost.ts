import { baseModelId } from '../bedrock/catalog.js';

/** USD list prices for on-demand use; per 1,000 tokens, or per generated image. */
export interface ModelPrice {
  inputPer1k: number;
  outputPer1k: number;
  perImage?: number;
}

/** Keyed by model id prefix (the base id, without `us.`-style profile prefixes); the longest prefix wins. */
export type PriceTable = Record<string, ModelPrice>;

const tokens = (inputPer1k: number, outputPer1k: number): ModelPrice => ({ inputPer1k, outputPer1k });
const images = (perImage: number): ModelPrice => ({ inputPer1k: 0, outputPer1k: 0, perImage });

/** On-demand prices in us-east-1 at the time of writing; override or extend with STRATA_PRICES. */
export const defaultPrices: PriceTable = {
  'anthropic.claude-3-haiku': tokens(0.00025, 0.00125),
  'anthropic.claude-3-5-haiku': tokens(0.0008, 0.004),
  'anthropic.claude-3-5-sonnet': tokens(0.003, 0.015),
  'anthropic.claude-3-7-sonnet': tokens(0.003, 0.015),
  'anthropic.claude-sonnet-4': tokens(0.003, 0.015),
  'amazon.nova-micro': tokens(0.000035, 0.00014),
  'amazon.nova-lite': tokens(0.00006, 0.00024),
  'amazon.nova-pro': tokens(0.0008, 0.0032),
  'amazon.titan-text-express': tokens(0.0002, 0.0006),
  'amazon.titan-text-lite': tokens(0.00015, 0.0002),
  'amazon.titan-text-premier': tokens(0.0005, 0.0015),
  'amazon.titan-embed-text-v2': tokens(0.00002, 0),
  'meta.llama3-1-8b': tokens(0.00022, 0.00022),
  'meta.llama3-1-70b': tokens(0.00072, 0.00072),
  'meta.llama3-3-70b': tokens(0.00072, 0.00072),
  'mistral.mistral-7b': tokens(0.00015, 0.0002),
  'mistral.mistral-large': tokens(0.004, 0.012),
  'cohere.command-r-plus': tokens(0.003, 0.015),
  'amazon.titan-image-generator-v2': images(0.008),
  'amazon.nova-canvas': images(0.04),
  'stability.sd3-5-large': images(0.08),
  'stability.stable-image-core': images(0.04),
};

export function priceFor(modelId: string, table: PriceTable): ModelPrice | undefined {
  const id = baseModelId(modelId);
  let best: [string, ModelPrice] | undefined;
  for (const [prefix, price] of Object.entries(table)) {
    if (id.startsWith(prefix) && (best === undefined || prefix.length > best[0].length))
      best = [prefix, price];
  }
  return best?.[1];
}

/** Estimated USD cost of one call; undefined when the model has no price in the table. */
export function callCost(
  modelId: string,
  usage: { inputTokens: number; outputTokens: number; imagesGenerated?: number },
  table: PriceTable,
): number | undefined {
  const price = priceFor(modelId, table);
  if (price === undefined) return undefined;
  return (
    (usage.inputTokens / 1000) * price.inputPer1k +
    (usage.outputTokens / 1000) * price.outputPer1k +
    (usage.imagesGenerated ?? 0) * (price.perImage ?? 0)
  );
}

export function formatUsd(amount: number): string {
  if (amount === 0) return '$0.00';
  if (amount < 0.01) return `$${amount.toFixed(4)}`;
  return `$${amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}
