import type { SlashCommand } from '@slack/bolt';

/** The parts of a slash command a `/bedrock` subcommand reads; they travel with it when it is queued. */
export type CommandFields = Pick<SlashCommand, 'user_id' | 'channel_id' | 'trigger_id' | 'response_url'>;

/** A `/bedrock` subcommand the handler acked and queued; its answer goes to the command's response_url. */
export interface BedrockCommandJob {
  kind: 'bedrock-command';
  /** The subcommand's name, lower case, e.g. `index`. */
  name: string;
  args: string;
  command: CommandFields;
}

/** Runs a queued `/bedrock` subcommand (built where the subcommands are registered). */
export type BedrockCommandRunner = (job: BedrockCommandJob) => Promise<void>;
