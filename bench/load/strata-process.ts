/**
 * Strata alone in a process, built as local mode builds it but pointed at the stand-ins running in
 * bench/load/stand-ins-process.ts, so only Strata's own work shares its event loop (in AWS, Slack,
 * DynamoDB and Bedrock are remote too). Driven over IPC by bench/load.
 */
import { Writable } from 'node:stream';
import { createStrata } from '../../src/app.js';
import { pointSdkAt } from '../../src/local/start-local.js';
import { createLogger } from '../../src/log.js';
import type { StandInsReady, StrataReply, StrataRequest } from './strata-child.js';

const standIns = JSON.parse(process.argv[2] ?? '{}') as StandInsReady;
pointSdkAt(standIns.endpoints);
const quiet = createLogger({ level: 'silent' }, new Writable({ write: (_c, _e, done) => done() }));
const { botToken, signingSecret } = standIns.credentials;
const strata = createStrata(
  standIns.strataConfig,
  { token: botToken, signingSecret, apiUrl: standIns.apiUrl },
  quiet,
);
const port = await strata.start(0, '127.0.0.1');

let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 50);

const reply = (message: StrataReply) => process.send?.(message);
process.on('message', async (request: StrataRequest) => {
  switch (request.type) {
    case 'memory': {
      if (request.idle) await strata.queue.onIdle();
      const { rss, heapUsed } = process.memoryUsage();
      reply({ type: 'memory', rss, heapUsed, peakRss: Math.max(peakRss, rss) });
      if (request.resetPeak) peakRss = rss;
      break;
    }
    case 'close':
      clearInterval(sampler);
      await strata.stop();
      reply({ type: 'closed' });
      process.exit(0);
  }
});
reply({ type: 'ready', eventsUrl: `http://127.0.0.1:${port}/slack/events`, signingSecret });
