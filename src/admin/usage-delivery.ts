import type { WebClient } from '@slack/web-api';
import type { UsageGrouping, UsagePeriod, UsageReport } from './usage-report.js';
import type { UsageReporter } from './usage-reporter.js';
import type { SlackMessage } from './views/finetune-messages.js';
import { usageMessage } from './views/usage-blocks.js';

/**
 * Usage names people and channels, so it goes to the admin's DM with Strata (not the channel the command
 * was typed in): the table as a message, the chart as a PNG uploaded into that message's thread.
 * Returns what the admin sees where they asked.
 */
export async function deliverUsageReport(input: {
  client: WebClient;
  reporter: UsageReporter;
  admin: string;
  channel: string;
  period: UsagePeriod;
  groupBy: UsageGrouping;
}): Promise<SlackMessage> {
  const { client } = input;
  const { report, png } = await input.reporter.report(input.period, input.groupBy);
  const message = usageMessage(report, await labelsFor(client, report));
  const target = input.channel.startsWith('D') ? input.channel : await openDm(client, input.admin);
  const posted = await client.chat.postMessage({ channel: target, ...message });
  if (png && posted.ts) {
    await client.filesUploadV2({
      channel_id: target,
      thread_ts: posted.ts,
      file: Buffer.from(png),
      filename: `strata-usage-${report.period}-by-${report.groupBy}.png`,
      title: `Strata usage — last ${report.period}, by ${report.groupBy}`,
      alt_text: `Tokens and latency over the last ${report.period}`,
    });
  }
  if (target === input.channel)
    return {
      text: png ? 'Usage report posted above; the chart is in its thread.' : 'Usage report posted above.',
    };
  const link = posted.ts
    ? await client.chat.getPermalink({ channel: target, message_ts: posted.ts }).catch(() => undefined)
    : undefined;
  return {
    text: `:bar_chart: Usage report sent to your DM with Strata${link?.permalink ? `: <${link.permalink}|open it>` : '.'}`,
  };
}

async function openDm(client: WebClient, user: string): Promise<string> {
  const dm = await client.conversations.open({ users: user });
  return dm.channel?.id ?? user;
}

/** People and channels by name instead of id, for the rows shown. */
async function labelsFor(client: WebClient, report: UsageReport): Promise<Map<string, string>> {
  const labels = new Map<string, string>();
  const keys = report.rows.slice(0, 15).map((r) => r.key);
  if (report.groupBy === 'model') return labels;
  await Promise.all(
    keys.map(async (key) => {
      try {
        if (report.groupBy === 'user') {
          const { user } = await client.users.info({ user: key });
          const name = user?.profile?.display_name || user?.real_name || user?.name;
          if (name) labels.set(key, `${name} (${key})`);
        } else {
          const { channel } = await client.conversations.info({ channel: key });
          if (channel?.name) labels.set(key, channel.is_im ? `DM ${key}` : `#${channel.name}`);
        }
      } catch {
        // The id is still a correct label.
      }
    }),
  );
  return labels;
}
