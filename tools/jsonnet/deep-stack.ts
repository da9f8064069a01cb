// Deep recursion: go-jsonnet runs tens of thousands of nested Jsonnet calls
// when --max-stack allows it, while a JavaScript thread's default stack holds
// about a thousand. The evaluator recurses on the JavaScript stack, so a run
// that needs more goes to a worker thread whose stack is sized for the
// Jsonnet limit (thread stacks are reserved, not committed: only the depth
// actually used costs memory).

/** Jsonnet frames the default JavaScript stack of a thread safely holds (go-jsonnet's default limit). */
export const MAIN_THREAD_FRAMES = 500;

/** JavaScript stack reserved per allowed Jsonnet frame: generous, since one frame can hold several JS calls. */
const BYTES_PER_FRAME = 16 << 10;
const MIN_STACK_MB = 512;
const MAX_STACK_MB = 8192;

/** The worker stack size for a Jsonnet stack limit of `maxStack` frames. */
export function stackSizeMbFor(maxStack: number): number {
  return Math.min(MAX_STACK_MB, Math.max(MIN_STACK_MB, Math.ceil((maxStack * BYTES_PER_FRAME) / (1 << 20))));
}

/**
 * Runs the module at `entry` on a worker thread with a stack of `stackSizeMb`,
 * passing `data` as workerData. The worker answers with one message
 * `{ exitCode }`; its stdout and stderr are the process's.
 */
export async function runOnDeepStack(entry: URL, data: unknown, stackSizeMb: number): Promise<number> {
  // Loaded here: node:worker_threads costs about 10 ms of start-up that most runs never need.
  const { Worker } = await import('node:worker_threads');
  return new Promise((resolve) => {
    let exitCode = 1;
    const worker = new Worker(entry, { workerData: data, resourceLimits: { stackSizeMb } });
    worker.on('message', (m: { exitCode?: number }) => {
      if (typeof m?.exitCode === 'number') exitCode = m.exitCode;
    });
    worker.on('error', (e) => {
      process.stderr.write(`INTERNAL ERROR: ${e instanceof Error ? e.message : String(e)}\n`);
      exitCode = 1;
    });
    worker.on('exit', () => resolve(exitCode));
  });
}
