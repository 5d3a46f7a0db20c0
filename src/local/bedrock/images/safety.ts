/**
 * The local stand-in's content filter: a few words that Bedrock's filters would surely block, so the
 * "blocked by content filters" path can be seen and tested without a real model.
 */
export function blockedByFilter(text: string): boolean {
  return /\b(nsfw|gore)\b/i.test(text);
}
