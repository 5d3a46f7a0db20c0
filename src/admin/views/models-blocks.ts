import type { KnownBlock } from '@slack/types';
import type { FoundationModel } from '../../bedrock/catalog.js';
import type { SlackMessage } from './finetune-messages.js';

export const MODELS_PAGE_ACTION = 'models_page';
export const MODELS_PAGE_SIZE = 8;

export interface ModelFilter {
  provider?: string;
  modality?: string;
}

const MODALITIES = ['text', 'image', 'embedding', 'video', 'speech'];

/** `/bedrock models [provider] [modality]`: words in any order; anything that is not a modality is a provider. */
export function parseModelFilter(
  args: string,
  providers: readonly string[],
): { ok: true; filter: ModelFilter } | { ok: false; problem: string } {
  const filter: ModelFilter = {};
  for (const word of args.toLowerCase().split(/\s+/).filter(Boolean)) {
    if (MODALITIES.includes(word)) {
      filter.modality = word.toUpperCase();
      continue;
    }
    const provider =
      providers.find((p) => p.toLowerCase() === word) ??
      providers.find((p) => p.toLowerCase().startsWith(word));
    if (!provider || filter.provider) {
      return {
        ok: false,
        problem: `\`${word.replace(/[`<>&*_~]/g, '').slice(0, 30)}\` is not a provider or modality. Providers: ${providers.join(', ')}. Modalities: ${MODALITIES.join(', ')}.`,
      };
    }
    filter.provider = provider;
  }
  return { ok: true, filter };
}

export function filterModels(models: readonly FoundationModel[], filter: ModelFilter): FoundationModel[] {
  return models
    .filter((m) => !filter.provider || m.provider === filter.provider)
    .filter((m) => !filter.modality || m.outputModalities.includes(filter.modality))
    .sort((a, b) => a.provider.localeCompare(b.provider) || a.name.localeCompare(b.name));
}

const lower = (values: readonly string[]) => values.map((v) => v.toLowerCase().replace(/_/g, ' ')).join(', ');

function modelLine(m: FoundationModel): string {
  const facts = [
    `${lower(m.inputModalities)} → ${lower(m.outputModalities)}`,
    m.streaming ? 'streaming' : 'no streaming',
    m.customizations.length > 0 ? `customizable: ${lower(m.customizations)}` : 'not customizable',
    lower(m.inferenceTypes) || 'no inference type',
  ];
  return `*${m.name}*${m.lifecycle === 'LEGACY' ? ' _(legacy)_' : ''} · ${m.provider}\n\`${m.modelId}\`\n${facts.join(' · ')}`;
}

/** One page of the catalog with Previous/Next buttons that carry the filter. */
export function modelsPage(
  models: readonly FoundationModel[],
  filter: ModelFilter,
  page: number,
): SlackMessage {
  const pages = Math.max(1, Math.ceil(models.length / MODELS_PAGE_SIZE));
  const current = Math.min(Math.max(0, page), pages - 1);
  const shown = models.slice(current * MODELS_PAGE_SIZE, (current + 1) * MODELS_PAGE_SIZE);
  const scope = [filter.provider, filter.modality ? `${filter.modality.toLowerCase()} output` : undefined]
    .filter(Boolean)
    .join(', ');
  const title = `Bedrock models${scope ? ` (${scope})` : ''}: ${models.length} found`;
  if (models.length === 0) {
    return { text: `${title}. Try \`/bedrock models\` without filters.` };
  }
  const nav = (label: string, to: number) => ({
    type: 'button' as const,
    action_id: `${MODELS_PAGE_ACTION}_${label.toLowerCase()}`,
    text: { type: 'plain_text' as const, text: label === 'Next' ? 'Next ›' : '‹ Previous' },
    value: JSON.stringify({ ...filter, page: to }),
  });
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: `*${title}* · page ${current + 1} of ${pages}` } },
    ...shown.map((m): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text: modelLine(m) } })),
  ];
  const buttons = [
    ...(current > 0 ? [nav('Previous', current - 1)] : []),
    ...(current < pages - 1 ? [nav('Next', current + 1)] : []),
  ];
  if (buttons.length > 0) blocks.push({ type: 'actions', elements: buttons });
  blocks.push({
    type: 'context',
    elements: [
      {
        type: 'mrkdwn',
        text: 'Filter: `/bedrock models [provider] [text|image|embedding]` · from ListFoundationModels, cached for an hour',
      },
    ],
  });
  return { text: `${title} (page ${current + 1} of ${pages})`, blocks };
}
