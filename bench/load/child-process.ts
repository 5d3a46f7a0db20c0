import { type ChildProcess, spawn } from 'node:child_process';

export interface Child<Request, Reply extends { type: string }> {
  /** Sends `request` (none: just waits) and resolves to the child's next reply of `type`. */
  ask<T extends Reply>(request: Request | undefined, type: T['type']): Promise<T>;
}

const ANSWER_TIMEOUT_MS = 600_000;

/** Starts `entry` (TypeScript, through tsx) with `arg` and an IPC channel; one request at a time. */
export function startChild<Request, Reply extends { type: string }>(
  entry: string,
  arg: unknown,
): Child<Request, Reply> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', entry, JSON.stringify(arg)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let pending = Promise.resolve<unknown>(undefined);
  return {
    ask<T extends Reply>(request: Request | undefined, type: T['type']): Promise<T> {
      const answer = pending.then(
        () =>
          new Promise<T>((resolve, reject) => {
            const done = () => {
              clearTimeout(timer);
              child.off('message', onMessage);
              child.off('exit', onExit);
            };
            const timer = setTimeout(() => {
              done();
              reject(new Error(`no ${type} from ${entry} within ${ANSWER_TIMEOUT_MS / 1000} s`));
            }, ANSWER_TIMEOUT_MS);
            const onMessage = (message: Reply) => {
              if (message.type !== type) return;
              done();
              resolve(message as T);
            };
            const onExit = (code: number | null) => {
              done();
              reject(new Error(`${entry} exited (${code})`));
            };
            child.on('message', onMessage);
            child.on('exit', onExit);
            if (request) child.send(request as object);
          }),
      );
      pending = answer.catch(() => undefined);
      return answer;
    },
  };
}
