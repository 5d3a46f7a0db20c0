import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { Logger } from '../../log.js';

export interface SlashCommandInfo {
  command: string;
  description: string;
  usage_hint: string;
}

const manifestSchema = z.looseObject({
  features: z
    .looseObject({
      slash_commands: z
        .array(
          z.looseObject({
            command: z.string(),
            description: z.string().optional(),
            usage_hint: z.string().optional(),
          }),
        )
        .optional(),
    })
    .optional(),
});

/**
 * The app's slash commands from its manifest (`features.slash_commands`), read on every call because
 * the manifest changes while the playground runs. A missing or unreadable manifest means no commands.
 */
export async function readSlashCommands(path: string, logger: Logger): Promise<SlashCommandInfo[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return [];
  }
  try {
    const parsed = manifestSchema.safeParse(JSON.parse(text));
    if (!parsed.success) return [];
    return (parsed.data.features?.slash_commands ?? []).map((c) => ({
      command: c.command,
      description: c.description ?? '',
      usage_hint: c.usage_hint ?? '',
    }));
  } catch (error) {
    logger.warn({ err: error, path }, 'slack emulator: manifest is not valid JSON');
    return [];
  }
}
