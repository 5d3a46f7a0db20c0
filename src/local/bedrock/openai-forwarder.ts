import { z } from 'zod';
import type { EngineRequest, ReplyEngine } from './reply-engine.js';

export interface OpenAiEngineOptions {
  /** e.g. http://localhost:11434 (Ollama) or http://localhost:8080 (llama.cpp); a trailing /v1 is fine. */
  baseUrl: string;
  model: string;
  fetch?: typeof globalThis.fetch;
}

const chunkSchema = z.object({
  choices: z.array(z.object({ delta: z.object({ content: z.string().nullish() }).optional() })),
});

/** A ReplyEngine that forwards to an OpenAI-compatible /v1/chat/completions and streams its tokens. */
export function createOpenAiEngine(options: OpenAiEngineOptions): ReplyEngine {
  const fetchFn = options.fetch ?? globalThis.fetch;
  const url = `${options.baseUrl.replace(/\/+$/, '').replace(/\/v1$/, '')}/v1/chat/completions`;

  return async function* openAiEngine(request: EngineRequest) {
    const response = await fetchFn(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify(toChatCompletion(options.model, request)),
      ...(request.signal ? { signal: request.signal } : {}),
    });
    if (!response.ok || !response.body) {
      const detail = (await response.text().catch(() => '')).slice(0, 200);
      throw new Error(`${url} answered ${response.status}${detail ? `: ${detail}` : ''}`);
    }
    for await (const data of sseData(response.body)) {
      if (data === '[DONE]') return;
      const parsed = chunkSchema.safeParse(parseJson(data));
      if (!parsed.success) continue;
      const content = parsed.data.choices[0]?.delta?.content;
      if (content) yield content;
    }
  };
}

export function toChatCompletion(model: string, request: EngineRequest) {
  const { maxTokens, temperature, topP } = request.inferenceConfig;
  return {
    model,
    stream: true,
    messages: [
      ...(request.system ? [{ role: 'system', content: request.system }] : []),
      ...request.messages.map((m) => ({ role: m.role, content: m.text })),
    ],
    ...(temperature === undefined ? {} : { temperature }),
    ...(topP === undefined ? {} : { top_p: topP }),
    ...(maxTokens === undefined ? {} : { max_tokens: maxTokens }),
  };
}

/** The `data:` payloads of a server-sent-events body, one per event. */
async function* sseData(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let buffer = '';
  let data: string[] = [];
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      buffer += done ? decoder.decode() : decoder.decode(value, { stream: true });
      const lines = buffer.split(/\r?\n/);
      buffer = done ? '' : (lines.pop() ?? '');
      for (const line of lines) {
        if (line === '') {
          if (data.length > 0) yield data.join('\n');
          data = [];
        } else if (line.startsWith('data:')) {
          data.push(line.slice(5).replace(/^ /, ''));
        }
      }
      if (done) {
        if (data.length > 0) yield data.join('\n');
        return;
      }
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
