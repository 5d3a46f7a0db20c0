import type { WebClient } from '@slack/web-api';
import type { CommandFields } from '../../bedrock-command-job.js';
import type { Logger } from '../../log.js';

/** What a `/bedrock <sub>` handler gets: the command, the rest of its text, and a way to reply. */
export interface SubcommandContext {
  command: CommandFields;
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
  /**
   * By default `run` follows the ack, from the work queue (in Lambda: the worker function), so it may be
   * slow, call Slack often and use the native packages. True for the args whose `run` must come first
   * because it opens a modal, which Slack allows only while the trigger_id is fresh (3 s): that `run`
   * happens in the ingress function, whose native packages are stand-ins, so it must be quick and native-free.
   */
  runsBeforeAck?(args: string): boolean;
  run(context: SubcommandContext): Promise<void>;
}

export type SubcommandRegistry = Map<string, Subcommand>;
