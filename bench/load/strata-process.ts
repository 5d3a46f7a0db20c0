/**
 * Strata and the local stand-ins in a process of their own, driven over IPC by bench/load, so the load
 * generator's work stays out of Strata's event loop. (The stand-ins share Strata's loop, as in local mode.)
 */
import { startLoadHarness } from './load-harness.js';
import type { ChildReply, ChildRequest } from './strata-child.js';

const options = JSON.parse(process.argv[2] ?? '{}') as Parameters<typeof startLoadHarness>[0];
const harness = await startLoadHarness(options);
let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 50);

const reply = (message: ChildReply) => process.send?.(message);
process.on('message', async (request: ChildRequest) => {
  switch (request.type) {
    case 'events':
      reply({ type: 'events', events: Array.from({ length: request.count }, () => harness.newEvent()) });
      break;
    case 'status': {
      const ns = request.ns;
      if (request.idle) await harness.local.strata.queue.onIdle();
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
        rss: process.memoryUsage().rss,
        heapUsed: process.memoryUsage().heapUsed,
        peakRss,
        slack429s: Object.values(harness.local.slack.rateLimited).reduce((a, b) => a + b, 0),
      });
      if (request.resetPeak) peakRss = process.memoryUsage().rss;
      break;
    }
    case 'close':
      clearInterval(sampler);
      await harness.close();
      reply({ type: 'closed' });
      process.exit(0);
  }
});
reply({
  type: 'ready',
  eventsUrl: harness.local.eventsUrl,
  signingSecret: harness.local.credentials.signingSecret,
});
