/**
 * The local embedder behind the Titan v2 stand-in: feature hashing of stemmed word unigrams and bigrams
 * plus character trigrams, with a fixed seed. Pure and dependency-free, so benchmarks and the local demo
 * use the very same vectors without going through HTTP.
 */

export const LOCAL_EMBEDDING_SEED = 0x5eed_7a7a;

export interface HashEmbeddingOptions {
  dimensions: number;
  /** L2-normalize (Titan's default). */
  normalize?: boolean;
  seed?: number;
}

/** The local embedder itself; exported for benchmarks that need the same vectors without HTTP. */
export function hashEmbedding(text: string, options: HashEmbeddingOptions): Float32Array {
  const { dimensions, normalize = true, seed = LOCAL_EMBEDDING_SEED } = options;
  const vector = new Float32Array(dimensions);
  const add = (feature: string, weight: number) => {
    const h = fnv1a(feature, seed);
    const index = h % dimensions;
    const sign = mix(h) & 1 ? 1 : -1;
    vector[index] = (vector[index] ?? 0) + sign * weight;
  };

  const words = tokenize(text);
  const stems = words.filter((w) => !stopWords.has(w)).map(stem);
  const counts = new Map<string, number>();
  for (const s of stems) counts.set(s, (counts.get(s) ?? 0) + 1);
  for (const [s, count] of counts) add(`w:${s}`, 1 + Math.log(count));
  for (let i = 1; i < stems.length; i++) add(`b:${stems[i - 1]} ${stems[i]}`, 0.5);
  for (const word of new Set(words)) {
    if (word.length < 4 || stopWords.has(word)) continue;
    const grams = trigrams(word);
    const weight = 0.4 / Math.sqrt(grams.length);
    for (const gram of grams) add(`c:${gram}`, weight);
  }

  let norm = 0;
  for (const v of vector) norm += v * v;
  if (norm === 0) {
    // Only stop words or punctuation: still a valid, stable direction.
    add(`e:${text.trim().toLowerCase()}`, 1);
    norm = 1;
  }
  if (normalize) {
    const scale = 1 / Math.sqrt(norm);
    for (let i = 0; i < dimensions; i++) vector[i] = (vector[i] ?? 0) * scale;
  }
  return vector;
}

/** Lower-cased words; Slack markup (`<@U1|name>`, `<https://x|label>`) reduced to its readable part. */
export function tokenize(text: string): string[] {
  const readable = text.replace(/<([^<>|]+)\|([^<>]+)>/g, ' $2 ').replace(/<[@#!]?([^<>]+)>/g, ' $1 ');
  return readable.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

const suffixes = ['ations', 'ation', 'ings', 'ing', 'ies', 'ied', 'ed', 'es', 's', 'e'];

/** Content words of a text, stemmed: what the local embedder weighs most (also used by local demo answers). */
export function contentTerms(text: string): string[] {
  return tokenize(text)
    .filter((w) => !stopWords.has(w))
    .map(stem);
}

/** A deliberately small stemmer: "launched", "launching", "launches" → "launch". */
export function stem(word: string): string {
  if (word.length <= 3) return word;
  for (const suffix of suffixes) {
    if (word.endsWith(suffix) && word.length - suffix.length >= 3) return word.slice(0, -suffix.length);
  }
  return word;
}

function trigrams(word: string): string[] {
  const padded = `^${word}$`;
  const grams: string[] = [];
  for (let i = 0; i + 3 <= padded.length; i++) grams.push(padded.slice(i, i + 3));
  return grams;
}

function fnv1a(text: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** murmur3's finalizer: decorrelates the sign bit from the bucket index. */
function mix(h: number): number {
  let x = h ^ (h >>> 16);
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

const stopWords = new Set(
  (
    'a about above after again all also am an and any are as at be because been before being below between ' +
    'both but by can could did do does doing done down during each few for from further had has have having ' +
    'he her here hers him his how i if in into is it its itself just me more most my no nor not now of off ' +
    'on once only or other our ours out over own same she should so some such than that the their them then ' +
    'there these they this those through to too under until up very was we were what when where which while ' +
    'who whom why will with would you your yours us let lets im ive dont thats its hey hi ok okay yes yeah ' +
    'please thanks thank get got go going know think said say tell anyone anything something ' +
    // Chat filler: frequent in every channel, so it says little about what a message is about.
    'quick update heads fyi also can could just really maybe still next step notes sync doc looking ' +
    'wait rather move revisit check needs need owner urgent both said one two lot bit today tomorrow week'
  ).split(' '),
);
