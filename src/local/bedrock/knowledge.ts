import { readFileSync } from 'node:fs';

export interface KnowledgeSection {
  heading: string;
  text: string;
}

export interface KnowledgeBase {
  sections: readonly KnowledgeSection[];
  /** Up to `limit` sections whose words overlap the question most, best first; empty when none match. */
  search(question: string, limit?: number): KnowledgeSection[];
}

const stopWords = new Set(
  (
    'a about above after again all also am an and any are as at be because been before being below between ' +
    'both but by can could did do does doing down during each few for from further had has have having he ' +
    'her here hers him his how i if in into is it its itself just me more most my no nor not now of off on ' +
    'once only or other our out over own please same she should so some such tell than that the their them ' +
    'then there these they this those through to too under until up very was we were what when where which ' +
    'while who whom why will with would you your explain know want use using work works like get give'
  ).split(' '),
);

/** Lower-cased content words; a trailing plural `s` is dropped so "agents" matches "agent". */
export function terms(text: string): string[] {
  return (text.toLowerCase().match(/[a-z0-9]+/g) ?? [])
    .filter((word) => word.length > 1 && !stopWords.has(word))
    .map((word) =>
      word.length > 3 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word,
    );
}

export function loadKnowledge(
  markdown = readFileSync(new URL('./knowledge.md', import.meta.url), 'utf8'),
): KnowledgeBase {
  return createKnowledgeBase(parseSections(markdown));
}

export function parseSections(markdown: string): KnowledgeSection[] {
  const sections: KnowledgeSection[] = [];
  let current: { heading: string; lines: string[] } | undefined;
  const flush = () => {
    if (current) sections.push({ heading: current.heading, text: current.lines.join(' ').trim() });
  };
  for (const line of markdown.split('\n')) {
    const heading = /^## +(.+)$/.exec(line);
    if (heading?.[1]) {
      flush();
      current = { heading: heading[1].trim(), lines: [] };
    } else if (current && line.trim() !== '') {
      current.lines.push(line.trim());
    }
  }
  flush();
  return sections;
}

/**
 * Scores a section by the query terms it shares, each weighted by rarity across sections (so "bedrock",
 * which is everywhere, counts little) and doubled when the term is in the heading.
 */
export function createKnowledgeBase(sections: readonly KnowledgeSection[]): KnowledgeBase {
  const indexed = sections.map((section) => ({
    section,
    heading: new Set(terms(section.heading)),
    body: new Set(terms(section.text)),
  }));
  const weight = (term: string): number => {
    const hits = indexed.filter((s) => s.heading.has(term) || s.body.has(term)).length;
    return hits === 0 ? 0 : Math.log(1 + indexed.length / hits);
  };

  return {
    sections,
    search(question, limit = 3) {
      const query = [...new Set(terms(question))];
      const weights = new Map(query.map((term) => [term, weight(term)]));
      const scored = indexed
        .map((entry, order) => {
          let score = 0;
          for (const term of query) {
            const w = weights.get(term) ?? 0;
            if (entry.heading.has(term)) score += 2 * w;
            else if (entry.body.has(term)) score += w;
          }
          return { section: entry.section, score, order };
        })
        .filter((s) => s.score > 0)
        .sort((a, b) => b.score - a.score || a.order - b.order);
      const best = scored[0]?.score ?? 0;
      return scored
        .filter((s) => s.score >= best / 2)
        .slice(0, limit)
        .map((s) => s.section);
    },
  };
}
