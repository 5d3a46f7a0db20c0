import { dayOf, excerpt } from './chunking.js';

/** What a citation shows: the source message's channel, author, date, a short quote and its permalink. */
export interface Citation {
  n: number;
  channelName: string;
  author: string;
  ts: string;
  /** The message text as indexed (without the chunk header). */
  text: string;
  permalink: string | undefined;
}

/** Source numbers the answer cites ([1], [2][3], [1, 2]), in order of first use, limited to real sources. */
export function citedNumbers(answer: string, sourceCount: number): number[] {
  const seen: number[] = [];
  for (const match of answer.matchAll(/\[(\d+(?:\s*,\s*\d+)*)\]/g)) {
    for (const part of (match[1] ?? '').split(',')) {
      const n = Number(part.trim());
      if (Number.isInteger(n) && n >= 1 && n <= sourceCount && !seen.includes(n)) seen.push(n);
    }
  }
  return seen;
}

/**
 * The "Sources" footer in Markdown (the reply writer turns it into mrkdwn). Lists the cited sources; when the
 * answer cites none, the closest few are shown as related messages so the reader can still check.
 */
export function renderCitations(citations: readonly Citation[], cited: readonly number[]): string {
  const shown =
    cited.length > 0 ? cited.flatMap((n) => citations.filter((c) => c.n === n)) : citations.slice(0, 3);
  if (shown.length === 0) return '';
  const title = cited.length > 0 ? '**Sources**' : '**Related messages**';
  const lines = shown.map((c) => {
    const label = `#${c.channelName} · ${c.author} · ${formatDay(c.ts)}`;
    const link = c.permalink ? `[${escapeMarkdown(label)}](${c.permalink})` : escapeMarkdown(label);
    return `${c.n}. ${link}: “${escapeMarkdown(excerpt(c.text, 140))}”`;
  });
  return `${title}\n${lines.join('\n')}`;
}

export function formatDay(ts: string): string {
  const [year, month, day] = dayOf(ts).split('-').map(Number);
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return `${months[(month ?? 1) - 1]} ${day}, ${year}`;
}

/** Quoted Slack text must not turn into formatting or links of its own. */
function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_~[\]()#<>|])/g, '\\$1');
}
