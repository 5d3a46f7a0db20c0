import {
  Entity,
  EntityAccessPattern,
  isConditionCheckFailed,
  item,
  number,
  PutItemCommand,
  string,
  UpdateItemCommand,
} from 'dynamodb-toolbox';
import { storeUnavailable } from './store-error.js';
import type { StrataTable } from './table.js';

/** A customization job Strata watches, and the thread where the admin who started it hears how it ended. */
export interface WatchedJob {
  jobArn: string;
  jobName: string;
  admin: string;
  channel: string;
  threadTs: string;
  createdAt: Date;
}

export interface JobWatchStore {
  add(watch: WatchedJob): Promise<void>;
  /** Jobs whose outcome has not been posted yet. */
  open(): Promise<WatchedJob[]>;
  /** Claims the notification: true for exactly one caller, even across processes. */
  claimNotification(jobArn: string, status: string, at: Date): Promise<boolean>;
  /** Gives a claim back (the post failed), so the next poll tries again. */
  releaseNotification(jobArn: string): Promise<void>;
}

const PARTITION = 'FINETUNE#WATCH';

function createWatchedJobEntity(table: StrataTable) {
  const schema = item({
    jobArn: string().key(),
    jobName: string(),
    admin: string(),
    channel: string(),
    threadTs: string(),
    createdAt: string(),
    state: string().enum('open', 'notified'),
    finalStatus: string().optional(),
    expiresAt: number().optional(),
  }).and((prev) => ({
    pk: string().key().hidden().const(PARTITION),
    sk: string()
      .key()
      .hidden()
      .link<typeof prev>(({ jobArn }) => `JOB#${jobArn}`),
  }));
  return new Entity({ name: 'WatchedJob', table, schema, timestamps: false });
}

export function createDynamoJobWatchStore(options: { table: StrataTable; keepDays?: number }): JobWatchStore {
  const entity = createWatchedJobEntity(options.table);
  const keepSeconds = (options.keepDays ?? 90) * 86_400;
  const openJobs = entity
    .build(EntityAccessPattern)
    .pattern(() => ({
      partition: PARTITION,
      options: { filters: { WatchedJob: { attr: 'state', eq: 'open' } } },
    }))
    .options({ maxPages: Number.POSITIVE_INFINITY })
    .meta({ title: 'open watched jobs', description: 'customization jobs whose outcome is not posted yet' });

  return {
    async add(watch) {
      try {
        await entity
          .build(PutItemCommand)
          .item({ ...watch, createdAt: watch.createdAt.toISOString(), state: 'open' })
          .send();
      } catch (error) {
        throw storeUnavailable('watch customization job', error);
      }
    },

    async open() {
      try {
        const { Items = [] } = await openJobs.query(undefined).send();
        return Items.map((i) => ({
          jobArn: i.jobArn,
          jobName: i.jobName,
          admin: i.admin,
          channel: i.channel,
          threadTs: i.threadTs,
          createdAt: new Date(i.createdAt),
        }));
      } catch (error) {
        throw storeUnavailable('list watched jobs', error);
      }
    },

    async claimNotification(jobArn, status, at) {
      try {
        await entity
          .build(UpdateItemCommand)
          .item({
            jobArn,
            state: 'notified',
            finalStatus: status,
            expiresAt: Math.floor(at.getTime() / 1000) + keepSeconds,
          })
          .options({ condition: { attr: 'state', eq: 'open' } })
          .send();
        return true;
      } catch (error) {
        if (isConditionCheckFailed(error)) return false;
        throw storeUnavailable('claim job notification', error);
      }
    },

    async releaseNotification(jobArn) {
      try {
        await entity
          .build(UpdateItemCommand)
          .item({ jobArn, state: 'open' })
          .options({ condition: { attr: 'state', eq: 'notified' } })
          .send();
      } catch (error) {
        if (!isConditionCheckFailed(error)) throw storeUnavailable('release job notification', error);
      }
    },
  };
}
