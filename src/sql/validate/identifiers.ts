/** node-sql-parser spells names as plain strings or as `{ expr: { value } }` / `{ value }` depending on quoting. */
export function identifierName(node: unknown): string | undefined {
  if (typeof node === 'string') return node;
  if (typeof node !== 'object' || node === null) return undefined;
  if ('expr' in node) return identifierName(node.expr);
  if ('value' in node && typeof node.value === 'string') return node.value;
  return undefined;
}

/** Levenshtein distance, for "did you mean …" hints. */
export function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    let diagonal = previous[0] ?? 0;
    previous[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const above = previous[j] ?? 0;
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      previous[j] = Math.min(above + 1, (previous[j - 1] ?? 0) + 1, diagonal + cost);
      diagonal = above;
    }
  }
  return previous[b.length] ?? 0;
}

/** The closest candidate within a small edit distance (a third of the name's length, at least 2). */
export function closest(name: string, candidates: readonly string[]): string | undefined {
  const key = name.toLowerCase();
  let best: { name: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(key, candidate.toLowerCase());
    if (distance <= Math.max(2, Math.floor(key.length / 3)) && (!best || distance < best.distance)) {
      best = { name: candidate, distance };
    }
  }
  return best?.name;
}
