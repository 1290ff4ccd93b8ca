/**
 * Start a TypeScript module as a real child process (through tsx) with an IPC channel, and await
 * its messages and exit. Used by the crash (SIGKILL) and shutdown (SIGTERM) tests.
 */
import { type ChildProcess, fork } from 'node:child_process';

export interface Child {
  proc: ChildProcess;
  /** resolves with the first message for which `match` returns true */
  waitFor<T = Record<string, unknown>>(match: (msg: Record<string, unknown>) => boolean): Promise<T>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr(): string;
}

const started = new Set<ChildProcess>();

/** Kill every child still running (call from afterEach: a failed assertion must not leave one behind). */
export function killStrayChildren(): void {
  for (const proc of started) if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
  started.clear();
}

export function startChild(modulePath: string, env: Record<string, string>): Child {
  const proc = fork(modulePath, [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  started.add(proc);
  let err = '';
  proc.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
  });
  proc.stdout?.resume();
  const messages: Array<Record<string, unknown>> = [];
  const waiters: Array<{ match: (m: Record<string, unknown>) => boolean; resolve: (m: Record<string, unknown>) => void }> = [];
  proc.on('message', (raw) => {
    const msg = raw as Record<string, unknown>;
    messages.push(msg);
    for (const w of [...waiters]) {
      if (w.match(msg)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(msg);
      }
    }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    proc.on('exit', (code, signal) => {
      for (const w of waiters.splice(0)) w.resolve({ exitedBeforeMessage: true, code, signal, stderr: err });
      resolve({ code, signal });
    });
  });
  return {
    proc,
    waitFor<T>(match: (m: Record<string, unknown>) => boolean) {
      const seen = messages.find(match);
      if (seen) return Promise.resolve(seen as T);
      return new Promise<T>((resolve) => waiters.push({ match, resolve: resolve as (m: Record<string, unknown>) => void }));
    },
    exited,
    stderr: () => err,
  };
}
