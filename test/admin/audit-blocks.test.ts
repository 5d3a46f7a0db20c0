import { describe, expect, it } from 'vitest';
import { auditMessage } from '../../src/admin/views/audit-blocks.js';

describe('the audit listing', () => {
  it('shows typed arguments escaped, so a logged <!channel> or <@U…> pings nobody', () => {
    const { text } = auditMessage(
      [
        {
          at: new Date('2026-11-25T22:00:00Z'),
          actor: 'U0ADMIN',
          action: 'bedrock usage',
          channel: 'C0GENERAL',
          parameters: { args: '<!channel> <!here|here> <@U0BOB> a&b' },
          outcome: 'ok',
        },
      ],
      20,
    );
    expect(text).toContain('&lt;!channel&gt; &lt;!here|here&gt; &lt;@U0BOB&gt; a&amp;b');
    expect(text).not.toMatch(/<!(channel|here|everyone)|<@U0BOB>/);
    expect(text).toContain('<@U0ADMIN> *bedrock usage* in <#C0GENERAL>');
  });
});
