import { describe, expect, it } from 'vitest';
import { createNameDirectory, readableText } from '../../src/rag/slack-text.js';

const names: Record<string, string> = { U0ALICE: 'Alice Park', U0BOB: 'Bob Ortiz' };
const nameOf = async (id: string) => names[id] ?? id;

describe('Slack text made readable for embedding and for the model', () => {
  it('resolves people and channels to names', async () => {
    expect(await readableText('<@U0ALICE> and <@U0BOB|bob> in <#C0LAUNCH|launch>', nameOf)).toBe(
      '@Alice Park and @Bob Ortiz in #launch',
    );
  });

  it('keeps links as Markdown links and bare URLs as they are', async () => {
    expect(
      await readableText('see <https://wiki.example.com/a|the doc> or <https://example.com/b>', nameOf),
    ).toBe('see [the doc](https://wiki.example.com/a) or https://example.com/b');
  });

  it('keeps code untouched and decodes Slack’s entities', async () => {
    expect(await readableText('```if (a &lt; b &amp;&amp; c &gt; d) run()```', nameOf)).toBe(
      '```if (a < b && c > d) run()```',
    );
  });

  it('turns broadcasts and group mentions into plain words', async () => {
    expect(
      await readableText('<!here> <!subteam^S123|@oncall> <!date^1700000000^{date}|Nov 14>', nameOf),
    ).toBe('@here @oncall Nov 14');
  });

  it('looks each person up once while the cache is fresh', async () => {
    let lookups = 0;
    let now = 0;
    const directory = createNameDirectory(
      async (id) => {
        lookups += 1;
        return id === 'U0ALICE' ? 'Alice Park' : undefined;
      },
      { ttlMs: 1000, now: () => now },
    );
    expect(await directory('U0ALICE')).toBe('Alice Park');
    expect(await directory('U0ALICE')).toBe('Alice Park');
    expect(await directory('U0GONE')).toBe('U0GONE');
    now = 2000;
    await directory('U0ALICE');
    expect(lookups).toBe(3);
  });
});
