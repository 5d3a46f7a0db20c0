import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { Logger } from '../../log.js';
import type { Workspace } from './workspace.js';
import type {
  SlackChannel,
  SlackTeam,
  SlackUser,
  StoredMessage,
  WorkspaceSnapshot,
} from './workspace-types.js';

const isRecord = (v: unknown): boolean => typeof v === 'object' && v !== null && !Array.isArray(v);

const snapshotSchema = z.object({
  version: z.literal(1),
  lastTsMicros: z.number(),
  team: z.custom<SlackTeam>(isRecord),
  users: z.array(z.custom<SlackUser>(isRecord)),
  channels: z.array(z.custom<SlackChannel>(isRecord)),
  messages: z.array(z.custom<StoredMessage>(isRecord)),
});

/** Reads a saved workspace; undefined when the file does not exist yet. */
export async function loadSnapshot(path: string): Promise<WorkspaceSnapshot | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const parsed = snapshotSchema.safeParse(JSON.parse(text));
  if (!parsed.success)
    throw new Error(`Slack emulator data file ${path} is not valid: ${parsed.error.message}`);
  return parsed.data;
}

/** Atomic write: a temporary file in the same folder, then rename over the target. */
export async function saveSnapshot(path: string, snapshot: WorkspaceSnapshot): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(tmp, JSON.stringify(snapshot), 'utf8');
  await rename(tmp, path);
}

export interface Persistence {
  /** Writes any pending change now and stops listening. */
  close(): Promise<void>;
}

/** Saves the workspace to `path` shortly after each change (debounced, one write at a time). */
export function persistOnChange(
  workspace: Workspace,
  path: string,
  logger: Logger,
  delayMs = 150,
): Persistence {
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();
  let dirty = false;

  const write = (): Promise<void> => {
    timer = undefined;
    if (!dirty) return writing;
    dirty = false;
    writing = writing
      .then(() => saveSnapshot(path, workspace.snapshot()))
      .catch((error: unknown) =>
        logger.error({ err: error, path }, 'slack emulator: saving workspace failed'),
      );
    return writing;
  };

  const unsubscribe = workspace.onChange((change) => {
    if (change.type === 'status_changed') return;
    if (change.type === 'message_added' && change.stored.ephemeralUser !== undefined) return;
    dirty = true;
    timer ??= setTimeout(write, delayMs);
  });

  return {
    async close() {
      unsubscribe();
      if (timer) clearTimeout(timer);
      await write();
    },
  };
}
