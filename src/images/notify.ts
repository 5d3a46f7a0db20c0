import type { WebClient } from '@slack/web-api';
import { StrataError } from '../errors.js';
import type { Logger } from '../log.js';
import { slackErrorCode } from '../slack/slack-call.js';

/** Where a request came from, so Strata can answer only the person who made it. */
export interface Requester {
  channel: string;
  user: string;
  threadTs?: string | undefined;
  /** From a slash command or button: works even where the bot can't post. */
  responseUrl?: string | undefined;
}

/** An ephemeral message to the requester; a failure to tell is logged, never thrown. */
export async function tellRequester(
  deps: { client: WebClient; logger: Logger; fetch: typeof fetch },
  to: Requester,
  text: string,
): Promise<void> {
  try {
    if (to.responseUrl) {
      const response = await deps.fetch(to.responseUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ response_type: 'ephemeral', replace_original: false, text }),
      });
      if (response.ok) return;
    }
    await deps.client.chat.postEphemeral({
      channel: to.channel,
      user: to.user,
      text,
      ...(to.threadTs ? { thread_ts: to.threadTs } : {}),
    });
  } catch (error) {
    deps.logger.warn({ err: error, channel: to.channel, user: to.user }, 'could not tell the requester');
  }
}

/** Slack Web API failures that a person can fix, in words; anything else stays as it is. */
export function explainSlackFailure(error: unknown, channel: string): unknown {
  const code = slackErrorCode(error);
  if (code === 'not_in_channel' || code === 'channel_not_found') {
    return new StrataError('slack_error', `Slack said ${code} for ${channel}`, {
      cause: error,
      userMessage: `I can't post in <#${channel}>. Invite me with \`/invite @Strata\` and try again.`,
    });
  }
  if (code === 'is_archived') {
    return new StrataError('slack_error', `channel ${channel} is archived`, {
      cause: error,
      userMessage: 'This channel is archived, so I can’t post images here.',
    });
  }
  return error;
}
