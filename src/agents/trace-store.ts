import { GetItemCommand, PutItemCommand } from 'dynamodb-toolbox';
import { z } from 'zod';
import type { AgentTraceStep } from '../bedrock/agent-parts.js';
import { storeUnavailable } from '../store/store-error.js';
import type { StrataTable } from '../store/table.js';
import { createAgentTraceEntity } from './agent-entities.js';

export interface TraceKey {
  channel: string;
  threadTs: string;
  /** The ts of the answer the steps belong to. */
  turn: string;
}

/** The steps behind each agent answer, kept for the "Show steps" button. */
export interface TraceStore {
  save(key: TraceKey, agentId: string, steps: AgentTraceStep[], now: number): Promise<void>;
  get(key: TraceKey): Promise<AgentTraceStep[] | undefined>;
}

const TRACE_TTL_SECONDS = 7 * 86_400;
/** Long observations (whole orders, retrieved passages) are cut so one answer's trace stays small. */
const MAX_TEXT = 1_500;
const MAX_STEPS = 60;

const stepSchema = z.array(z.looseObject({ kind: z.string() }));

export function createDynamoTraceStore(options: { table: StrataTable }): TraceStore {
  const entity = createAgentTraceEntity(options.table);
  return {
    async save(key, agentId, steps, now) {
      try {
        await entity
          .build(PutItemCommand)
          .item({
            ...key,
            agentId,
            steps: JSON.stringify(steps.slice(0, MAX_STEPS).map(trimStep)),
            createdAt: now,
            expiresAt: Math.floor(now / 1000) + TRACE_TTL_SECONDS,
          })
          .send();
      } catch (error) {
        throw storeUnavailable('save agent trace', error);
      }
    },
    async get(key) {
      let raw: string | undefined;
      try {
        const { Item } = await entity.build(GetItemCommand).key(key).send();
        raw = Item?.steps;
      } catch (error) {
        throw storeUnavailable('read agent trace', error);
      }
      if (raw === undefined) return undefined;
      try {
        const parsed = stepSchema.safeParse(JSON.parse(raw));
        // Written by Strata itself from AgentTraceStep values; the schema only guards against corruption.
        return parsed.success ? (parsed.data as AgentTraceStep[]) : [];
      } catch {
        return [];
      }
    },
  };
}

function trimStep(step: AgentTraceStep): AgentTraceStep {
  const cut = (text: string) => (text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text);
  switch (step.kind) {
    case 'rationale':
    case 'final':
    case 'reprompt':
    case 'observation':
      return { ...step, text: cut(step.text) };
    case 'code':
      return { ...step, code: cut(step.code) };
    case 'action':
      return { ...step, parameters: step.parameters.map((p) => ({ ...p, value: cut(p.value) })) };
    default:
      return step;
  }
}
