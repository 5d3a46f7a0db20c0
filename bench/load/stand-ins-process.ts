/**
 * The local stand-ins (Slack emulator, DynamoDB, Bedrock, S3) and the reply accounting, in a process of
 * their own, driven over IPC by bench/load; Strata runs alone in bench/load/strata-process.ts.
 */
import { startLoadHarness } from './load-harness.js';
import type { HarnessOptions, StandInsReply, StandInsRequest } from './strata-child.js';

const options = JSON.parse(process.argv[2] ?? '{}') as HarnessOptions;
const harness = await startLoadHarness(options);

const reply = (message: StandInsReply) => process.send?.(message);
process.on('message', async (request: StandInsRequest) => {
  switch (request.type) {
    case 'events':
      reply({ type: 'events', events: Array.from({ length: request.count }, () => harness.newEvent()) });
      break;
    case 'events-url':
      harness.local.slack.setEventsUrl(request.url);
      reply({ type: 'events-url' });
      break;
    case 'status': {
      const ns = request.ns;
      reply({
        type: 'status',
        completedAt: Object.fromEntries(
          ns.flatMap((n) => {
            const at = harness.completedAt.get(n);
            return at === undefined ? [] : [[n, at]];
          }),
        ),
        replies: Object.fromEntries(ns.map((n) => [n, harness.repliesPerEvent(n)])),
        modelCalls: Object.fromEntries(ns.map((n) => [n, harness.modelCalls.get(n) ?? 0])),
        slack429s: Object.values(harness.local.slack.rateLimited).reduce((a, b) => a + b, 0),
        rss: process.memoryUsage().rss,
      });
      break;
    }
    case 'close':
      await harness.close();
      reply({ type: 'closed' });
      process.exit(0);
  }
});
const { endpoints, credentials, strataConfig } = harness.local;
reply({ type: 'ready', endpoints, credentials, apiUrl: harness.local.slack.apiUrl, strataConfig });
