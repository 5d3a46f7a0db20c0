import { createDocumentClient, createStrataTable, type StrataTable } from '../../src/store/table.js';

/** The table a test's local Strata writes to (dynalite, found through AWS_ENDPOINT_URL_DYNAMODB). */
export function localStrataTable(): StrataTable {
  return createStrataTable({
    documentClient: createDocumentClient({ region: 'us-east-1' }),
    tableName: 'strata',
  });
}
