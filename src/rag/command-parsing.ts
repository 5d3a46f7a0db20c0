import type { ChannelMention } from './ask-service.js';

/** Parsing of `/ask` and `/bedrock index` text: what people type, and what Slack escapes it to. */

export const ASK_USAGE =
  'Usage: `/ask <question> [in #channel]`, e.g. `/ask what did we decide about the Q3 launch date? in #launch`. ' +
  "I answer from the history of indexed channels you're a member of, privately in your DM with Strata.";

export const INDEX_USAGE =
  'Usage: `/bedrock index add #channel`, `/bedrock index remove #channel`, `/bedrock index rebuild #channel` ' +
  'or `/bedrock index status`.';

const MAX_QUESTION_CHARS = 2000;

/** `<#C123|name>` or `<#C123>` (Slack escaped it) or `#name` (typed as is). */
const MENTION = String.raw`(?:<#([CDG][A-Z0-9]+)(?:\|([^>]*))?>|#([\p{L}\p{N}_.-]+))`;

export function parseChannelMention(text: string): ChannelMention | undefined {
  // A bare id is how an admin names a DM or group DM, which have no #name.
  const bare = /^([CDG][A-Z0-9]{6,})$/.exec(text.trim());
  if (bare?.[1]) return { id: bare[1] };
  const match = new RegExp(`^${MENTION}$`, 'u').exec(text.trim());
  if (!match) return undefined;
  const [, id, label, typed] = match;
  const name = label || typed;
  return { ...(id ? { id } : {}), ...(name ? { name: name.toLowerCase() } : {}) };
}

export type AskParse = { ok: true; question: string; only?: ChannelMention } | { ok: false; message: string };

export function parseAsk(text: string): AskParse {
  let rest = text.trim();
  if (rest === '' || rest.toLowerCase() === 'help') return { ok: false, message: ASK_USAGE };
  let only: ChannelMention | undefined;
  const trailing = new RegExp(`(?:^|\\s+)in\\s+(${MENTION})[\\s?.!]*$`, 'iu').exec(rest);
  const leading = new RegExp(`^in\\s+(${MENTION})\\s*[:,]?\\s+`, 'iu').exec(rest);
  const found = trailing ?? leading;
  if (found?.[1]) {
    only = parseChannelMention(found[1]);
    rest = (trailing ? rest.slice(0, found.index) : rest.slice(found[0].length)).trim();
  }
  if (rest === '') return { ok: false, message: `What would you like to know? ${ASK_USAGE}` };
  if (rest.length > MAX_QUESTION_CHARS) {
    return {
      ok: false,
      message: `That question is ${rest.length.toLocaleString('en-US')} characters long; please keep it under ${MAX_QUESTION_CHARS.toLocaleString('en-US')}.`,
    };
  }
  return { ok: true, question: rest, ...(only ? { only } : {}) };
}

export type IndexCommand =
  | { ok: true; action: 'status' }
  | { ok: true; action: 'add' | 'remove' | 'rebuild'; channel: ChannelMention }
  | { ok: false; message: string };

export function parseIndexCommand(args: string): IndexCommand {
  const [action = '', ...rest] = args.trim().split(/\s+/);
  const verb = action.toLowerCase();
  if (verb === 'status' && rest.length === 0) return { ok: true, action: 'status' };
  if (verb === 'add' || verb === 'remove' || verb === 'rebuild') {
    const target = rest.join(' ');
    const channel = parseChannelMention(target);
    if (channel) return { ok: true, action: verb, channel };
    const problem =
      target === ''
        ? `Which channel should I ${verb}?`
        : `\`${target.replace(/[`<>&]/g, '')}\` is not a channel.`;
    return { ok: false, message: `${problem} ${INDEX_USAGE}` };
  }
  const problem =
    verb === '' || verb === 'help' ? '' : `Unknown index command \`${verb.replace(/[`<>&]/g, '')}\`. `;
  return { ok: false, message: `${problem}${INDEX_USAGE}` };
}
