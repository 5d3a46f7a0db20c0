import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eventually } from '../helpers/local-strata.js';

interface PlaygroundMessage {
  ts: string;
  text?: string;
  bot_id?: string;
  thread_ts?: string;
  blocks?: unknown[];
}

const dataDir = await mkdtemp(join(tmpdir(), 'strata-restart-'));
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
let child: ChildProcess | undefined;

afterAll(async () => {
  child?.kill('SIGKILL');
  await rm(dataDir, { recursive: true, force: true });
});

/** `npm start` as a user runs it: local mode, data kept in a folder between runs. */
async function startStrata(): Promise<ChildProcess> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      STRATA_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      SLACK_BOT_TOKEN: '',
      LOCAL_MODEL_CHUNK_DELAY_MS: '150',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // Ready once it prints its banner: the playground answers a little earlier, before Strata listens.
  await new Promise<void>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error('Strata did not start within 60 s')), 60_000);
    proc.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes('Strata is running in local mode')) {
        clearTimeout(timer);
        resolve();
      }
    });
    proc.once('exit', (code) => reject(new Error(`Strata exited early (${code})`)));
  });
  return proc;
}

async function thread(ts: string): Promise<PlaygroundMessage[]> {
  const state = (await (await fetch(`${base}/playground/state?user=U0ALICE`)).json()) as {
    messages: Array<PlaygroundMessage & { channel: string }>;
  };
  return state.messages.filter((m) => m.channel === 'C0GENERAL' && (m.ts === ts || m.thread_ts === ts));
}

describe('a restart in the middle of a reply', () => {
  it('marks the interrupted reply and answers again after the restart', async () => {
    child = await startStrata();
    const posted = (await (
      await fetch(`${base}/playground/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          user: 'U0ALICE',
          channel: 'C0GENERAL',
          text: '<@U0STRATA> what is Amazon Bedrock?',
        }),
      })
    ).json()) as { ts: string };

    await eventually(
      async () => {
        const reply = (await thread(posted.ts)).find((m) => m.bot_id);
        return reply?.text && reply.text.length > 40 && reply.text.endsWith('▍') ? reply : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 50 },
    );
    await new Promise((resolve) => setTimeout(resolve, 400)); // the emulator saves its data file 150 ms after a change
    child.kill('SIGKILL');
    await new Promise((resolve) => child?.once('exit', resolve));

    child = await startStrata();
    const messages = await eventually(
      async () => {
        const bots = (await thread(posted.ts)).filter((m) => m.bot_id);
        return bots.length >= 2 && bots.every((m) => !m.text?.endsWith('▍')) ? bots : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    const [interrupted, answer] = messages;
    expect(interrupted?.text).toContain('Interrupted: Strata restarted while answering.');
    expect(JSON.stringify(interrupted?.blocks)).not.toContain('strata_reply_stop');
    expect(answer?.text).toMatch(/Bedrock/);
    expect(answer?.text).not.toContain('Interrupted');
  }, 90_000);
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}
