// Commands that run again on a worker thread with a larger stack (jsonnet/deep-stack.ts) when
// their input is nested deeper than this thread's stack holds: the command's module is the
// worker's entry, started with its arguments under a key of its own, and serveOnDeepStack runs
// them there. A command prints nothing before it knows it can finish, so the rerun repeats nothing.

import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { runOnDeepStack, stackSizeMbFor } from '../jsonnet/deep-stack.js';
import { isStackOverflow } from '../gocompat/errors.js';
import { reportError } from './errors.js';

/** Runs the module at `moduleUrl` on a deep-stack worker with `payload` under `key`; returns its exit code. */
export function rerunOnDeepStack(moduleUrl: string, key: string, payload: unknown, jsonnetFrames = 0): Promise<number> {
  return runOnDeepStack(new URL(moduleUrl), { [key]: payload }, stackSizeMbFor(jsonnetFrames));
}

/** Whether `e` says this thread's stack ran out (or would have) where a larger stack may succeed. */
export function ranOutOfStack(e: unknown): boolean {
  const flags = e as { stackExhausted?: unknown; jsStackOverflow?: unknown } | null;
  return isStackOverflow(e) || flags?.stackExhausted === true || flags?.jsStackOverflow === true;
}

/** Whether this thread is a deep-stack worker (which must not start another). */
export const onDeepStack = !isMainThread;

/**
 * On a deep-stack worker started with a payload under `key`: runs `work` on it, reports an error
 * as the command does (errors.ts), and answers with the exit code. Elsewhere it does nothing.
 */
export function serveOnDeepStack<T>(key: string, work: (payload: T) => Promise<number>, failureExit: 1 | 2 = 1): void {
  const payload = isMainThread ? undefined : (workerData as Record<string, T> | null)?.[key];
  if (payload === undefined) return;
  void work(payload)
    .catch((e: unknown) => reportError(e, (t) => process.stderr.write(t), failureExit))
    .then((exitCode) => parentPort!.postMessage({ exitCode }));
}
