import type { AgentCitation } from '../bedrock/agent-parts.js';

const EXCERPT = 90;

/**
 * Knowledge-base citations as a Markdown "Sources" list for the end of an answer: a link where the
 * source has one (http/https only), else its location (e.g. an s3:// URI). Duplicates are listed once.
 */
export function citationsMarkdown(citations: readonly AgentCitation[]): string {
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const reference of citations.flatMap((c) => c.references)) {
    const url = reference.url && /^https?:\/\//i.test(reference.url) ? reference.url : undefined;
    const key = url ?? reference.location ?? reference.excerpt;
    if (key === '' || seen.has(key)) continue;
    seen.add(key);
    const excerpt = shorten(reference.excerpt);
    if (url) {
      lines.push(
        `${lines.length + 1}. [${linkText(excerpt || url)}](${url.replace(/[()\s]/g, encodeURIComponent)})`,
      );
    } else {
      const where = reference.location
        ? `\`${reference.location.replace(/`/g, '')}\``
        : 'a knowledge base passage';
      lines.push(`${lines.length + 1}. ${where}${excerpt ? ` — “${excerpt}”` : ''}`);
    }
  }
  return lines.length === 0 ? '' : `\n\n**Sources**\n${lines.join('\n')}`;
}

function shorten(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > EXCERPT ? `${flat.slice(0, EXCERPT)}…` : flat;
}

function linkText(text: string): string {
  return text.replace(/[[\]]/g, '');
}
