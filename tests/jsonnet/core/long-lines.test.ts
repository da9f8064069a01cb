// Long lines (minified JSON, generated one-line programs) cost linear time:
// positions are looked up from a line-start table only when an error or a
// field location needs them, and columns still count UTF-8 bytes like
// go-jsonnet. Timeouts here only catch a hang (the quadratic version took
// minutes); speed is measured in bench/jsonnet.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Engine, JsonnetError } from '../../../tools/jsonnet/engine.js';
import { Source } from '../../../tools/jsonnet/lexer.js';

const dir = mkdtempSync(join(tmpdir(), 'jsonnet-long-'));

/** A minified dashboard-like JSON document of about `bytes` bytes on one line, with non-ASCII text. */
function minifiedJson(bytes: number): string {
  const panels: unknown[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const p = { id: i, title: `Panel ${i} – ünïcode 😀`, targets: [{ expr: `rate(x_total[${i}m])`, refId: 'A' }], gridPos: { h: 8, w: 12, x: 0, y: i } };
    size += JSON.stringify(p).length + 1;
    panels.push(p);
  }
  return JSON.stringify({ title: 'big', panels });
}

function errorText(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(JsonnetError);
    return (e as JsonnetError & { formatted: string }).formatted;
  }
  throw new Error('expected an error');
}

describe('long lines', () => {
  it('a 1 MB minified JSON import evaluates', { timeout: 60_000 }, () => {
    const json = minifiedJson(1 << 20);
    writeFileSync(join(dir, 'dash.json'), json);
    const e = new Engine();
    const v = e.evaluateSnippet(join(dir, 'main.jsonnet'), "local d = import 'dash.json'; [std.length(d.panels), d.panels[100].title]");
    const parsed = JSON.parse(json) as { panels: { title: string }[] };
    expect(e.toJson(v)).toEqual([parsed.panels.length, parsed.panels[100].title]);
  });

  it('a 100,000-element array on one line evaluates', { timeout: 60_000 }, () => {
    const e = new Engine();
    const arr = `[${Array.from({ length: 100_000 }, (_, i) => i).join(',')}]`;
    expect(e.toJson(e.evaluateSnippet('a.jsonnet', `std.length(${arr})`))).toBe(100_000);
  });

  it('an error at the end of a long line names its column in UTF-8 bytes', () => {
    const prefix = `[${Array.from({ length: 50_000 }, () => "'é😀'").join(',')}, `;
    const code = `${prefix}error 'boom']`;
    const column = Buffer.byteLength(prefix, 'utf8') + 1;
    const e = new Engine();
    const text = errorText(() => e.toJson(e.evaluateSnippet('long.jsonnet', code)));
    expect(text).toContain(`long.jsonnet:1:${column}-${column + 12}`);
    expect(text).toContain('boom');
  });

  it('positions on later lines and after surrogate pairs', () => {
    const src = new Source('f', 'ab\n😀x\n\né"y"');
    expect(src.position(0)).toEqual({ line: 1, column: 1 });
    expect(src.position(5)).toEqual({ line: 2, column: 5 }); // x after a 4-byte emoji
    expect(src.position(7)).toEqual({ line: 3, column: 1 });
    expect(src.position(9)).toEqual({ line: 4, column: 3 }); // " after a 2-byte é
    expect(new Source('a', 'xyz\nq').position(4)).toEqual({ line: 2, column: 1 });
  });

  it('field locations point into the long line', () => {
    const e = new Engine();
    const code = `{${Array.from({ length: 5000 }, (_, i) => `k${i}: ${i}`).join(', ')}}`;
    const v = e.evaluateSnippet('fields.jsonnet', code);
    e.toJson(v);
    const loc = e.fieldLocation(v, ['k4999']);
    expect(loc).toMatchObject({ file: 'fields.jsonnet', line: 1, column: code.indexOf('k4999:') + 1 });
    expect(JSON.parse(JSON.stringify(loc))).toEqual(loc);
  });
});
