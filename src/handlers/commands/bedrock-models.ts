import { filterModels, modelsPage, parseModelFilter } from '../../admin/views/models-blocks.js';
import type { ModelCatalog } from '../../bedrock/catalog.js';
import type { Subcommand } from './bedrock-subcommands.js';

/** `/bedrock models [provider] [modality]`: the Bedrock catalog, paged; anyone may look. */
export function modelsSubcommand(catalog: ModelCatalog): Subcommand {
  return {
    usage: 'models [provider] [text|image|embedding] — the Bedrock model catalog',
    adminOnly: false,
    async run({ args, respond }) {
      const models = await catalog.list();
      const providers = [...new Set(models.map((m) => m.provider))].sort();
      const parsed = parseModelFilter(args, providers);
      if (!parsed.ok) {
        await respond({
          text: `${parsed.problem}\nUsage: \`/bedrock models [provider] [text|image|embedding]\``,
        });
        return;
      }
      await respond(modelsPage(filterModels(models, parsed.filter), parsed.filter, 0));
    },
  };
}
