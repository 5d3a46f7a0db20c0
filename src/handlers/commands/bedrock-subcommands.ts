import type { SlashCommand } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../log.js';

/** What a `/bedrock <sub>` handler gets: the command, the rest of its text, and a way to reply. */
export interface SubcommandContext {
  command: SlashCommand;
  /** The text after the subcommand name, trimmed. */
  args: string;
  client: WebClient;
  logger: Logger;
  /** Replies only to the person who ran the command. */
  respond(message: { text: string; blocks?: unknown[] }): Promise<void>;
}

export interface Subcommand {
  /** One line for `/bedrock help`, e.g. `models [provider] [modality] — list the model catalog`. */
  usage: string;
  /** Admin-only subcommands are refused (and audited) for everyone else before `run`. */
  adminOnly: boolean;
  run(context: SubcommandContext): Promise<void>;
}

export type SubcommandRegistry = Map<string, Subcommand>;
