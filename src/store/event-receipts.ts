import { randomUUID } from 'node:crypto';
import { GetItemCommand, isConditionCheckFailed, PutItemCommand } from 'dynamodb-toolbox';
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
  newClaimId?: () => string;
}): EventReceipts {
  const entity = createEventReceiptEntity(options.table);
  const now = options.now ?? (() => new Date());
  const newClaimId = options.newClaimId ?? randomUUID;

  /**
   * The SDK retries a put whose answer was lost (a dropped connection, a 500 after the write); the retry
   * then fails its condition on the receipt it wrote itself. The claim id tells that apart from a duplicate.
   */
  const wroteItself = async (eventId: string, claimId: string) => {
    const { Item } = await entity.build(GetItemCommand).key({ eventId }).options({ consistent: true }).send();
    return Item?.claimId === claimId;
  };

  return {
    async claim(eventId) {
      const claimId = newClaimId();
      const at = now();
      const nowSeconds = Math.floor(at.getTime() / 1000);
      try {
        await entity
          .build(PutItemCommand)
          .item({
            eventId,
            receivedAt: at.toISOString(),
            expiresAt: nowSeconds + options.ttlSeconds,
            claimId,
          })
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
        if (!isConditionCheckFailed(error)) throw storeUnavailable('claim event receipt', error);
      }
      try {
        return (await wroteItself(eventId, claimId)) ? 'claimed' : 'duplicate';
      } catch (error) {
        throw storeUnavailable('read event receipt', error);
      }
    },
  };
}
