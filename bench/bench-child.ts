import { spawn } from 'node:child_process';

/** A bench process spoken to over IPC, one request at a time. */
export interface BenchChild<Request, Reply extends { type: string }> {
  /** Sends `request` (none: just waits) and resolves to the next reply of `type`; rejects once the child has exited. */
  ask<T extends Reply>(request: Request | undefined, type: T['type']): Promise<T>;
  /** Ends the child if it is still running. */
  kill(): void;
}

/** Starts `entry` (TypeScript, through tsx) with `arg` as JSON; it exits by itself when this process goes. */
export function startBenchChild<Request, Reply extends { type: string }>(
  entry: string,
  arg: unknown,
): BenchChild<Request, Reply> {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, JSON.stringify(arg)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<never>((_, reject) => {
    child.once('exit', (code) => reject(new Error(`${entry} exited (${code})`)));
  });
  exited.catch(() => undefined);
  return {
    ask<T extends Reply>(request: Request | undefined, type: T['type']): Promise<T> {
      const reply = new Promise<T>((resolve) => {
        const onMessage = (message: Reply) => {
          if (message.type !== type) return;
          child.off('message', onMessage);
          resolve(message as T);
        };
        child.on('message', onMessage);
      });
      if (request && child.connected) child.send(request as object);
      return Promise.race([reply, exited]);
    },
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill();
    },
  };
}
