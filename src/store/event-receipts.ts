import { isConditionCheckFailed, PutItemCommand } from 'dynamodb-toolbox';
import { createEventReceiptEntity } from './entities.js';
import { storeUnavailable } from './store-error.js';
import type { StrataTable } from './table.js';

export interface EventReceipts {
  /** 'claimed' the first time an event id is seen (or after its receipt expired), 'duplicate' afterwards. */
  claim(eventId: string): Promise<'claimed' | 'duplicate'>;
}

export function createDynamoEventReceipts(options: {
  table: StrataTable;
  ttlSeconds: number;
  now?: () => Date;
}): EventReceipts {
  const entity = createEventReceiptEntity(options.table);
  const now = options.now ?? (() => new Date());

  return {
    async claim(eventId) {
      const at = now();
      const nowSeconds = Math.floor(at.getTime() / 1000);
      try {
        await entity
          .build(PutItemCommand)
          .item({ eventId, receivedAt: at.toISOString(), expiresAt: nowSeconds + options.ttlSeconds })
          // DynamoDB deletes expired items lazily, so an expired receipt must not block a new claim.
          .options({
            condition: {
              or: [
                { attr: 'eventId', exists: false },
                { attr: 'expiresAt', lt: nowSeconds },
              ],
            },
          })
          .send();
        return 'claimed';
      } catch (error) {
        if (isConditionCheckFailed(error)) return 'duplicate';
        throw storeUnavailable('claim event receipt', error);
      }
    },
  };
}
