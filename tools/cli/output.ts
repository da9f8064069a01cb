// Writing to the process's standard output and error without process.stdout / process.stderr:
// setting up those streams loads Node's stream and net modules, about 8 ms on a pipe, a tenth of
// a small `tkts-jsonnet` run. Writes go straight to the file descriptor, synchronously (Node's
// streams are synchronous for files and terminals too; on a pipe this waits for the reader, which
// a command that exits right after its output does anyway), so output keeps its order. Works the
// same on a worker thread (the deep-stack worker writes its output itself).

import * as fs from 'node:fs';

/** Descriptors a write found non-blocking and full: the rest goes through Node's stream, in order. */
const streamed = new Set<number>();
/** Descriptors whose reader has gone (`| head`): further output is dropped, as nobody reads it. */
const closed = new Set<number>();

function write(fd: 1 | 2, text: string): void {
  if (closed.has(fd)) return;
  if (streamed.has(fd)) {
    stream(fd).write(text);
    return;
  }
  const bytes = Buffer.from(text, 'utf8');
  let done = 0;
  while (done < bytes.length) {
    try {
      done += fs.writeSync(fd, bytes, done);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EPIPE') {
        closed.add(fd);
        return;
      }
      if (code !== 'EAGAIN') throw e;
      // A non-blocking descriptor that is full (its reader is slow): let the stream wait for it.
      streamed.add(fd);
      stream(fd).write(bytes.subarray(done));
      return;
    }
  }
}

function stream(fd: 1 | 2): NodeJS.WriteStream {
  const s = fd === 1 ? process.stdout : process.stderr;
  if (s.listenerCount('error') === 0) {
    s.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE') throw e;
      closed.add(fd);
    });
  }
  return s;
}

/** Writes to standard output. */
export function writeStdout(text: string): void {
  write(1, text);
}

/** Writes to standard error. */
export function writeStderr(text: string): void {
  write(2, text);
}
