import type { ChatMessage, InferenceParams, ModelGateway } from '../../bedrock/gateway.js';
import type { Usage } from '../../bedrock/stream-parts.js';

export interface ModelCall {
  modelId: string;
  system: string;
  messages: ChatMessage[];
  inference: InferenceParams;
  signal?: AbortSignal;
}

/** Streams one model reply, handing each text delta to `onText`; returns the whole text and usage. */
export async function streamModelText(
  gateway: ModelGateway,
  call: ModelCall,
  onText: (text: string) => void = () => {},
): Promise<{ text: string; usage: Usage | undefined }> {
  let text = '';
  let usage: Usage | undefined;
  for await (const part of gateway.streamChat({
    modelId: call.modelId,
    system: call.system,
    messages: call.messages,
    inference: call.inference,
    ...(call.signal ? { signal: call.signal } : {}),
  })) {
    if (part.type === 'text-delta') {
      text += part.text;
      onText(part.text);
    } else if (part.type === 'usage') {
      usage = part.usage;
    }
  }
  return { text, usage };
}
