/**
 * The floor under Strata's ack latency: Bolt's HTTPReceiver and an App whose app_mention listener does
 * nothing, in a process of its own, answering the same signed events. Prints its URL and secret as JSON.
 */
import { randomBytes } from 'node:crypto';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';

const signingSecret = randomBytes(16).toString('hex');
const receiver = new HTTPReceiver({ signingSecret, endpoints: '/slack/events' });
const app = new App({
  token: 'xoxb-floor',
  receiver,
  tokenVerificationEnabled: false,
  botId: 'B0STRATA',
  botUserId: 'U0STRATA',
  logLevel: LogLevel.ERROR,
});
app.event('app_mention', async () => {});
const server = await app.start({ port: 0, host: '127.0.0.1' });
const address = server.address();
const port = typeof address === 'object' && address !== null ? address.port : 0;
process.send?.({ type: 'ready', eventsUrl: `http://127.0.0.1:${port}/slack/events`, signingSecret });
process.on('message', () => {
  process.send?.({ type: 'closed' }, () => process.exit(0));
});
