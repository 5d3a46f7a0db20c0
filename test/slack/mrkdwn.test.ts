import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/seeded-random.js';
import { markdownToMrkdwn } from '../../src/slack/mrkdwn.js';

const ZWJ = '\u200d';
const FAMILY = '👩‍👩‍👧';

interface Case {
  name: string;
  markdown: string;
  mrkdwn: string;
}

const emphasis: Case[] = [
  { name: '**bold** becomes *bold*', markdown: 'a **bold** word', mrkdwn: 'a *bold* word' },
  { name: '__bold__ becomes *bold*', markdown: 'a __bold__ word', mrkdwn: 'a *bold* word' },
  { name: '*italic* becomes _italic_', markdown: 'an *italic* word', mrkdwn: 'an _italic_ word' },
  { name: '_italic_ stays _italic_', markdown: 'an _italic_ word', mrkdwn: 'an _italic_ word' },
  { name: '***both*** becomes bold around italic', markdown: 'a ***loud*** word', mrkdwn: 'a *_loud_* word' },
  { name: '~~strike~~ becomes ~strike~', markdown: 'a ~~gone~~ word', mrkdwn: 'a ~gone~ word' },
  {
    name: 'italic nested in bold keeps both',
    markdown: '**bold with *italic* inside**',
    mrkdwn: '*bold with _italic_ inside*',
  },
  { name: 'bold nested in italic keeps both', markdown: '*a **b** c*', mrkdwn: '_a *b* c_' },
  {
    name: 'underscores inside words are not emphasis',
    markdown: 'call snake_case_name now',
    mrkdwn: 'call snake_case_name now',
  },
  {
    name: 'spaced asterisks in arithmetic stay literal',
    markdown: '2 * 3 * 4 = 24',
    mrkdwn: '2 * 3 * 4 = 24',
  },
  { name: 'a single tilde stays literal', markdown: 'about ~5 minutes', mrkdwn: 'about ~5 minutes' },
  {
    name: 'emphasis spanning a line break is closed on each line',
    markdown: '**first line\nsecond line**',
    mrkdwn: '*first line*\n*second line*',
  },
];

const links: Case[] = [
  {
    name: '[text](url) becomes <url|text>',
    markdown: 'see [the docs](https://example.com/docs)',
    mrkdwn: 'see <https://example.com/docs|the docs>',
  },
  {
    name: 'an autolink stays a link',
    markdown: 'go to <https://example.com>',
    mrkdwn: 'go to <https://example.com>',
  },
  {
    name: 'an image becomes a link labelled with its alt text',
    markdown: '![a chart](https://example.com/c.png)',
    mrkdwn: '<https://example.com/c.png|a chart>',
  },
  {
    name: 'a link whose text is its url becomes a bare link',
    markdown: '[https://example.com](https://example.com)',
    mrkdwn: '<https://example.com>',
  },
  {
    name: 'pipes and angle brackets in a url are percent-encoded',
    markdown: '[odd](https://example.com/a|b>c)',
    mrkdwn: '<https://example.com/a%7Cb%3Ec|odd>',
  },
  {
    name: 'an ampersand in a url is escaped as an entity',
    markdown: '[q](https://example.com/?a=1&b=2)',
    mrkdwn: '<https://example.com/?a=1&amp;b=2|q>',
  },
  {
    name: 'formatting inside a link label is dropped',
    markdown: '[**bold** `docs`](https://example.com)',
    mrkdwn: '<https://example.com|bold docs>',
  },
  {
    name: 'a link title is dropped',
    markdown: '[a](https://example.com "Title")',
    mrkdwn: '<https://example.com|a>',
  },
  {
    name: 'a bare url becomes a link without its trailing punctuation',
    markdown: 'Visit https://example.com/a_b_c. Then (https://example.com/x).',
    mrkdwn: 'Visit <https://example.com/a_b_c>. Then (<https://example.com/x>).',
  },
  {
    name: 'a link without a scheme keeps only its words',
    markdown: 'see [the **setup** section](#setup) and [x](] )',
    mrkdwn: 'see the *setup* section and x',
  },
  {
    name: 'an email autolink becomes a mailto link',
    markdown: 'mail <ops@example.com>',
    mrkdwn: 'mail <mailto:ops@example.com|ops@example.com>',
  },
  {
    name: 'an autolink with a pipe cannot smuggle a label',
    markdown: '<https://example.com/|@channel>',
    mrkdwn: '<https://example.com/%7C@channel>',
  },
];

const blocks: Case[] = [
  { name: 'a heading becomes a bold line', markdown: '# Title', mrkdwn: '*Title*' },
  { name: 'closing hashes of a heading are stripped', markdown: '### Setup ###', mrkdwn: '*Setup*' },
  {
    name: 'bold inside a heading is not nested',
    markdown: '## **Step 1:** install',
    mrkdwn: '*Step 1: install*',
  },
  {
    name: 'italic and code inside a heading are kept',
    markdown: '## Use _fast_ `mode`',
    mrkdwn: '*Use _fast_ `mode`*',
  },
  {
    name: 'a hash without a space is not a heading',
    markdown: '#general is busy',
    mrkdwn: '#general is busy',
  },
  {
    name: 'a setext heading becomes a bold line',
    markdown: 'Summary\n=======\ntext',
    mrkdwn: '*Summary*\ntext',
  },
  {
    name: 'dash, star and plus items become bullets',
    markdown: '- one\n* two\n+ three',
    mrkdwn: '• one\n• two\n• three',
  },
  {
    name: 'nested items are indented two spaces per level with a hollow bullet',
    markdown: '- top\n  - middle\n    - deep\n- top again',
    mrkdwn: '• top\n  ◦ middle\n    ◦ deep\n• top again',
  },
  {
    name: 'ordered items keep their numbers',
    markdown: '1. first\n2. second\n7) seventh',
    mrkdwn: '1. first\n2. second\n7. seventh',
  },
  {
    name: 'task items become check boxes',
    markdown: '- [ ] to do\n- [x] done\n- [X] also done',
    mrkdwn: '☐ to do\n☑ done\n☑ also done',
  },
  {
    name: 'an ordered list nested in a bullet list is indented',
    markdown: '- steps\n   1. clone\n   2. build',
    mrkdwn: '• steps\n  1. clone\n  2. build',
  },
  {
    name: 'list items keep inline formatting',
    markdown: '- **Name**: the `id` of the *thing*',
    mrkdwn: '• *Name*: the `id` of the _thing_',
  },
  {
    name: 'an indented continuation line stays with its item',
    markdown: '- item\n  more about it\n\nafter',
    mrkdwn: '• item\n  more about it\n\nafter',
  },
  { name: 'a block quote stays a quote', markdown: '> wise words', mrkdwn: '> wise words' },
  {
    name: 'nested quote levels are flattened',
    markdown: '> outer\n>> inner\n> > > deepest',
    mrkdwn: '> outer\n> inner\n> deepest',
  },
  {
    name: 'a quote keeps lists, formatting and blank lines',
    markdown: '> **Note**\n>\n> - a',
    mrkdwn: '> *Note*\n>\n> • a',
  },
  { name: 'horizontal rules become a line', markdown: 'a\n\n---\n***\n_ _ _', mrkdwn: 'a\n\n───\n───\n───' },
  {
    name: 'an html line break becomes a new line',
    markdown: 'one<br>two<br/>three',
    mrkdwn: 'one\ntwo\nthree',
  },
];

const code: Case[] = [
  {
    name: 'inline code keeps asterisks and underscores',
    markdown: 'run `a*b*c_d_e` now',
    mrkdwn: 'run `a*b*c_d_e` now',
  },
  {
    name: 'a fenced block loses its language tag and is not reformatted',
    markdown: '```ts\nconst **x** = a_b_c * 2;\n  - not a list\n# not a heading\n```',
    mrkdwn: '```\nconst **x** = a_b_c * 2;\n  - not a list\n# not a heading\n```',
  },
  {
    name: 'a tilde fence becomes a backtick fence',
    markdown: '~~~python\nprint("hi")\n~~~',
    mrkdwn: '```\nprint("hi")\n```',
  },
  {
    name: 'control characters inside code are still escaped',
    markdown: '`<div>` and\n```\nif (a < b && c > d) {}\n```',
    mrkdwn: '`&lt;div&gt;` and\n```\nif (a &lt; b &amp;&amp; c &gt; d) {}\n```',
  },
  {
    name: 'mentions inside code are left as written apart from escaping',
    markdown: '`@here <!channel>`',
    mrkdwn: '`@here &lt;!channel&gt;`',
  },
  {
    name: 'a fence inside a list item is de-indented',
    markdown: '1. Install:\n   ```bash\n   npm i\n     --save\n   ```\n2. Run',
    mrkdwn: '1. Install:\n```\nnpm i\n  --save\n```\n2. Run',
  },
  {
    name: 'a fence inside a quote stays inside the quote',
    markdown: '> ```js\n> x()\n> ```',
    mrkdwn: '> ```\n> x()\n> ```',
  },
  {
    name: 'a fence inside a longer fence is kept as code that cannot end the Slack block',
    markdown: '````md\n```\ninner\n```\n````',
    mrkdwn: '```\n`\u200b``\ninner\n`\u200b``\n```',
  },
];

const tables: Case[] = [
  {
    name: 'a table becomes aligned columns in a code block',
    markdown: '| Name | Qty | Note |\n|:-----|----:|:----:|\n| apple | 3 | ok |\n| kiwi | 12 | fresh |',
    mrkdwn: [
      '```',
      'Name  | Qty | Note',
      '------+-----+------',
      'apple |   3 |  ok',
      'kiwi  |  12 | fresh',
      '```',
    ].join('\n'),
  },
  {
    name: 'CJK cells are padded by display width',
    markdown: '| 名前 | city |\n|---|---|\n| 山田 | 東京 |\n| Li | Paris |',
    mrkdwn: ['```', '名前 | city', '-----+------', '山田 | 東京', 'Li   | Paris', '```'].join('\n'),
  },
  {
    name: 'emoji and ZWJ sequences count as two columns and stay intact',
    markdown: `| who | x |\n|---|---|\n| ${FAMILY} | 1 |\n| 🇯🇵 | 2 |\n| ab | 3 |`,
    mrkdwn: ['```', 'who | x', '----+--', `${FAMILY}  | 1`, '🇯🇵  | 2', 'ab  | 3', '```'].join('\n'),
  },
  {
    name: 'cell formatting is dropped, escaped pipes kept and control characters escaped',
    markdown: '| a | b |\n|---|---|\n| **x** \\| y | `a<b` [d](https://e.com) |',
    mrkdwn: [
      '```',
      'a     | b',
      '------+----------------------',
      'x | y | a&lt;b d (https://e.com)',
      '```',
    ].join('\n'),
  },
  {
    name: 'short rows are padded and outer pipes are optional',
    markdown: 'k | v\n--- | ---\nonly |',
    mrkdwn: ['```', 'k    | v', '-----+--', 'only |', '```'].join('\n'),
  },
];

const escaping: Case[] = [
  {
    name: 'control characters in text are escaped',
    markdown: 'a < b & c > d',
    mrkdwn: 'a &lt; b &amp; c &gt; d',
  },
  {
    name: 'broadcast tokens written by the model are shown as text',
    markdown: '<!channel> <!here> <!everyone>',
    mrkdwn: '&lt;!channel&gt; &lt;!here&gt; &lt;!everyone&gt;',
  },
  {
    name: 'user group, user and channel tokens are shown as text',
    markdown: 'ping <!subteam^S123|@team>, <@U123> and <#C123|general>',
    mrkdwn: 'ping &lt;!subteam^S123|@team&gt;, &lt;@U123&gt; and &lt;#C123|general&gt;',
  },
  {
    name: 'bare broadcast words are neutralised',
    markdown: 'Hey @channel, @here and @Everyone!',
    mrkdwn: `Hey @${ZWJ}channel, @${ZWJ}here and @${ZWJ}Everyone!`,
  },
  {
    name: 'broadcast words inside email addresses and longer words are left alone',
    markdown: 'write to team@here.com about @heresy',
    mrkdwn: 'write to team@here.com about @heresy',
  },
  {
    name: 'broadcast words in a link label are neutralised',
    markdown: '[@here now](https://example.com)',
    mrkdwn: `<https://example.com|@${ZWJ}here now>`,
  },
  {
    name: 'html entities are decoded once and re-escaped',
    markdown: 'AT&T says &lt;b&gt; &amp; &#39;hi&#39;',
    mrkdwn: "AT&amp;T says &lt;b&gt; &amp; 'hi'",
  },
  {
    name: 'a backslash-escaped marker stays literal',
    markdown: 'literal \\_underscores\\_ and \\# hash',
    mrkdwn: 'literal _underscores_ and # hash',
  },
];

const streaming: Case[] = [
  {
    name: 'an unterminated fence at the end is closed',
    markdown: 'Here:\n```py\nprint(1)\nfor x in',
    mrkdwn: 'Here:\n```\nprint(1)\nfor x in\n```',
  },
  { name: 'a fence that has just opened is closed', markdown: 'Here:\n```', mrkdwn: 'Here:\n```\n```' },
  { name: 'a dangling ** is left literal', markdown: 'This is **bol', mrkdwn: 'This is **bol' },
  {
    name: 'a dangling ** after a closed one is left literal',
    markdown: '**a** and **b',
    mrkdwn: '*a* and **b',
  },
  {
    name: 'a half-written link shows its text and links the url so far',
    markdown: 'see [docs](https://exa',
    mrkdwn: 'see [docs](<https://exa>',
  },
  { name: 'a half-written inline code span is left literal', markdown: 'run `npm i', mrkdwn: 'run `npm i' },
  {
    name: 'a half-written autolink shows an escaped bracket before the url so far',
    markdown: 'at <https://exa',
    mrkdwn: 'at &lt;<https://exa>',
  },
  {
    name: 'a table header without its delimiter row is plain text',
    markdown: '| a | b |',
    mrkdwn: '| a | b |',
  },
  { name: 'a heading marker alone renders nothing', markdown: 'Intro\n\n##', mrkdwn: 'Intro\n\n' },
  {
    name: 'emoji and ZWJ sequences pass through intact',
    markdown: `${FAMILY} family **ok** 🇯🇵`,
    mrkdwn: `${FAMILY} family *ok* 🇯🇵`,
  },
];

const mixed: Case[] = [
  {
    name: 'a typical reply converts every construct',
    markdown: [
      '## Plan',
      '',
      'We will **migrate** the `users` table & keep <5 min downtime.',
      '',
      '1. Back up',
      '   - run `pg_dump`',
      '2. Migrate',
      '',
      '> _Tip_: see [runbook](https://wiki.example.com/run?x=1&y=2).',
      '',
      '```sql',
      'SELECT * FROM users WHERE a <> b;',
      '```',
    ].join('\n'),
    mrkdwn: [
      '*Plan*',
      '',
      'We will *migrate* the `users` table &amp; keep &lt;5 min downtime.',
      '',
      '1. Back up',
      '  ◦ run `pg_dump`',
      '2. Migrate',
      '',
      '> _Tip_: see <https://wiki.example.com/run?x=1&amp;y=2|runbook>.',
      '',
      '```',
      'SELECT * FROM users WHERE a &lt;&gt; b;',
      '```',
    ].join('\n'),
  },
  { name: 'Windows line endings are normalised', markdown: '# A\r\n- b\r\n', mrkdwn: '*A*\n• b\n' },
];

const groups: Record<string, Case[]> = { emphasis, links, blocks, code, tables, escaping, streaming, mixed };

for (const [group, cases] of Object.entries(groups)) {
  describe(`markdownToMrkdwn: ${group}`, () => {
    it.each(cases)('$name', ({ markdown, mrkdwn }) => {
      expect(markdownToMrkdwn(markdown)).toBe(mrkdwn);
    });
  });
}

const FUZZ_TOKENS = [
  'word',
  ' ',
  ' ',
  '\n',
  '\n\n',
  '**',
  '*',
  '_',
  '__',
  '~~',
  '`',
  '\n```ts\n',
  '\n~~~\n',
  '[',
  ']',
  '(',
  ')',
  'https://e.com/a_b',
  '<',
  '>',
  '&',
  '@here',
  '@channel',
  '<!channel>',
  '<@U1>',
  '<!subteam^S1>',
  '\n# ',
  '\n- ',
  '\n  - ',
  '\n1. ',
  '\n> ',
  '\n>> ',
  '|',
  '\n|---|---|\n',
  '\n---\n',
  '\\',
  FAMILY,
  '名前',
  '<br>',
  '![',
  '&amp;',
];

/** A link the converter built, with its label captured. */
const BUILT_LINK = /<(?:https?:\/\/|mailto:)[^<>\s|]*(?:\|([^<>\n]*))?>/g;
const BROADCAST = /(?<!\w)@(channel|here|everyone)\b/i;

describe('markdownToMrkdwn: safety and determinism', () => {
  const all = Object.values(groups).flat();

  it('gives the same output for the same input, whatever was converted before', () => {
    const first = all.map(({ markdown }) => markdownToMrkdwn(markdown));
    const again = [...all].reverse().map(({ markdown }) => markdownToMrkdwn(markdown));
    expect(again.reverse()).toEqual(first);
  });

  it('never lets a broadcast or mention token through, in any construct', () => {
    const hostile = [
      '<!channel>',
      '**<!here>**',
      '# <!everyone>',
      '- <@U123>',
      '> <!subteam^S1>',
      '| <!here> |\n|---|\n| <@U1> |',
      '[<!channel>](https://x.com)',
      '`<!here>`',
      '```\n<!channel>\n```',
      '@channel **@here** _@everyone_',
    ].join('\n\n');
    const out = markdownToMrkdwn(hostile);
    expect(out).not.toMatch(/<[!@#]/);
    expect(out).not.toMatch(BROADCAST);
  });

  it('leaves no raw angle bracket except in the links it builds', () => {
    const out = markdownToMrkdwn('a <b> [c](https://d.com/e>f) <https://g.com> 1 > 0 `<x>`');
    const withoutLinks = out.replace(/<https:\/\/[^<>\s]+>/g, '');
    expect(withoutLinks).not.toMatch(/[<>]/);
  });

  it('keeps its promises on 500 generated, often malformed, replies', () => {
    const random = seededRandom(7);
    for (let round = 0; round < 500; round++) {
      let markdown = '';
      for (let n = 0; n < 120; n++) markdown += FUZZ_TOKENS[Math.floor(random() * FUZZ_TOKENS.length)];
      const out = markdownToMrkdwn(markdown);
      expect(markdownToMrkdwn(markdown)).toBe(out);
      expect(out).not.toMatch(/<[!@#]/);
      const lines = out
        .split('\n')
        .map((line) =>
          line.replace(/^>( |$)/, '').replace(BUILT_LINK, (_, label: string | undefined) => label ?? ''),
        );
      let inCode = false;
      for (const line of lines) {
        if (line.startsWith('```')) inCode = !inCode;
        else if (!inCode) expect(line.replace(/`[^`]*`/g, ''), markdown).not.toMatch(BROADCAST);
        expect(line, markdown).not.toMatch(/[<>]/);
      }
      expect(inCode, markdown).toBe(false);
    }
  });

  it('renders every prefix of a streamed reply without throwing and with balanced code fences', () => {
    const reply = mixed[0]?.markdown ?? '';
    for (let end = 0; end <= reply.length; end++) {
      const out = markdownToMrkdwn(reply.slice(0, end));
      const fences = out.split('\n').filter((line) => /^(> )?```/.test(line));
      expect(fences.length % 2, `prefix of ${end} characters`).toBe(0);
    }
  });
});
