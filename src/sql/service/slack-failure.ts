import type { StrataError } from '../../errors.js';

/** Slack's own refusals, said in words people can act on; anything else shows the error's user message. */
export function slackFailureText(error: StrataError): string {
  const code = slackCode(error.cause);
  if (code === 'not_in_channel' || code === 'channel_not_found') {
    return ':wave: I’m not in this conversation, so I can’t post the answer here. Invite me with `/invite @Strata` (or use /sql in a channel I’m in) and ask again.';
  }
  if (code === 'is_archived') return ':warning: This channel is archived, so I can’t post in it.';
  return error.toSlackText();
}

function slackCode(cause: unknown): string | undefined {
  if (typeof cause !== 'object' || cause === null || !('data' in cause)) return undefined;
  const { data } = cause;
  if (typeof data !== 'object' || data === null || !('error' in data)) return undefined;
  return typeof data.error === 'string' ? data.error : undefined;
}
