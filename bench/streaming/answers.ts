const WORDS = [
  'bedrock',
  'model',
  'stream',
  'token',
  'latency',
  'thread',
  'reply',
  'channel',
  'budget',
  'edit',
  'slack',
  'inference',
  'profile',
  'region',
  'throughput',
  'prompt',
  'context',
  'window',
  'answer',
  'question',
  'agent',
  'action',
  'lambda',
  'vector',
  'index',
  'embedding',
  'citation',
  'image',
  'query',
  'table',
];

/** Deterministic plain prose of about `chars` characters (paragraphs of words), so output is comparable. */
export function generateAnswer(seed: number, chars: number): string {
  let state = (seed + 1) * 2_654_435_761;
  const next = () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state;
  };
  const paragraphs: string[] = [];
  let length = 0;
  while (length < chars) {
    const words = Array.from({ length: 20 + (next() % 40) }, () => WORDS[next() % WORDS.length]);
    const paragraph = `${words.join(' ')}.`;
    paragraphs.push(paragraph);
    length += paragraph.length + 2;
  }
  return paragraphs.join('\n\n');
}
