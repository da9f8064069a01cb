// Progress output: one updating line on a terminal, plain lines otherwise (CI logs).

export interface Reporter {
  /** A line that always appears. */
  info(line: string): void;
  /** Progress of fetching: n of total done, with the last item. */
  progress(done: number, total: number, item: string): void;
  /** Ends an updating line. */
  finish(): void;
}

export function streamReporter(stream: NodeJS.WriteStream = process.stderr, quiet = false): Reporter {
  const tty = Boolean(stream.isTTY) && process.env.CI === undefined;
  let open = false;
  return {
    info(line) {
      if (quiet) return;
      if (open) { stream.write('\r\x1b[K'); open = false; }
      stream.write(`${line}\n`);
    },
    progress(done, total, item) {
      if (quiet) return;
      if (tty) {
        stream.write(`\r\x1b[K[${done}/${total}] ${item}`);
        open = true;
      } else {
        stream.write(`fetched ${item}\n`);
      }
    },
    finish() {
      if (open) { stream.write('\r\x1b[K'); open = false; }
    },
  };
}

export const silentReporter: Reporter = { info() {}, progress() {}, finish() {} };

/** Runs at most `n` tasks at a time. */
export function limiter(n: number): <T>(fn: () => Promise<T>) => Promise<T> {
  let active = 0;
  const queue: (() => void)[] = [];
  return async <T>(fn: () => Promise<T>): Promise<T> => {
    // A finishing task hands its slot straight to the next waiter.
    if (active >= n) await new Promise<void>((r) => queue.push(r));
    else active++;
    try {
      return await fn();
    } finally {
      const next = queue.shift();
      if (next) next();
      else active--;
    }
  };
}
