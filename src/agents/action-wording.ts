import type { ReturnedInvocation } from '../bedrock/agent-parts.js';

/** A pending action in plain words: what will happen, and the values it will use. */
export interface ActionWording {
  title: string;
  details: Array<{ label: string; value: string }>;
}

/** An agent's own wording for its functions; undefined falls back to the generic wording. */
export type Wording = (
  actionGroup: string,
  fn: string,
  params: Record<string, string>,
) => ActionWording | undefined;

export function describeInvocation(
  invocation: ReturnedInvocation,
  wordings: readonly Wording[],
): ActionWording {
  const params = Object.fromEntries(
    [...invocation.parameters, ...(invocation.kind === 'api' ? invocation.body : [])].map((p) => [
      p.name,
      p.value,
    ]),
  );
  if (invocation.kind === 'function') {
    for (const wording of wordings) {
      const words = wording(invocation.actionGroup, invocation.function, params);
      if (words) return words;
    }
  }
  const title =
    invocation.kind === 'function'
      ? humanize(invocation.function)
      : `${invocation.httpMethod} ${invocation.apiPath}`;
  return {
    title,
    details: Object.entries(params).map(([name, value]) => ({ label: humanize(name), value })),
  };
}

/** `updateShippingAddress` → `Update shipping address`; `order_id` → `Order id`. */
export function humanize(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
