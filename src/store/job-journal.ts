import {
  DeleteItemCommand,
  Entity,
  item,
  number,
  PutItemCommand,
  QueryCommand,
  string,
} from 'dynamodb-toolbox';
import { storeUnavailable } from './store-error.js';
import type { StrataTable } from './table.js';

/**
 * Work the long-running server accepted but has not finished, so a restart loses nothing: jobs are
 * written before they run and removed when they end; on start-up the survivors are run again.
 * (In AWS the queue keeps undelivered work instead.)
 */
export interface JobJournal {
  record(id: string, job: unknown, attempts: number): Promise<void>;
  remove(id: string): Promise<void>;
  /** Every unfinished job, oldest first. */
  pending(): Promise<Array<{ id: string; job: unknown; attempts: number }>>;
}

const PARTITION = 'JOBS';
const TTL_SECONDS = 24 * 3600;

export function createDynamoJobJournal({
  table,
  now = Date.now,
}: {
  table: StrataTable;
  now?: () => number;
}): JobJournal {
  const entity = new Entity({
    name: 'PendingJob',
    table,
    schema: item({
      id: string().key(),
      job: string(),
      attempts: number(),
      recordedAt: number(),
      expiresAt: number(),
    }).and((prev) => ({
      pk: string().key().hidden().const(PARTITION),
      sk: string()
        .key()
        .hidden()
        .link<typeof prev>(({ id }) => `JOB#${id}`),
    })),
  });
  return {
    async record(id, job, attempts) {
      try {
        const at = now();
        await entity
          .build(PutItemCommand)
          .item({
            id,
            job: JSON.stringify(job),
            attempts,
            recordedAt: at,
            expiresAt: Math.floor(at / 1000) + TTL_SECONDS,
          })
          .send();
      } catch (error) {
        throw storeUnavailable('record pending job', error);
      }
    },
    async remove(id) {
      try {
        await entity.build(DeleteItemCommand).key({ id }).send();
      } catch (error) {
        throw storeUnavailable('remove finished job', error);
      }
    },
    async pending() {
      try {
        const { Items = [] } = await table
          .build(QueryCommand)
          .entities(entity)
          .query({ partition: PARTITION, range: { beginsWith: 'JOB#' } })
          .send();
        return Items.sort((a, b) => a.recordedAt - b.recordedAt).map(({ id, job, attempts }) => ({
          id,
          job: JSON.parse(job) as unknown,
          attempts,
        }));
      } catch (error) {
        throw storeUnavailable('list pending jobs', error);
      }
    },
  };
}
