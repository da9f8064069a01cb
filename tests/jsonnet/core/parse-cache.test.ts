import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../../tools/jsonnet/engine.js';

describe('parsed files shared between engines', () => {
  it('a new engine sees a changed file, never the old syntax tree', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parse-cache-'));
    const lib = path.join(dir, 'lib.libsonnet');
    const main = path.join(dir, 'main.jsonnet');
    fs.writeFileSync(main, "(import 'lib.libsonnet').x");
    fs.writeFileSync(lib, '{ x: 1 }');
    const first = new Engine();
    expect(first.toJson(first.evaluateFile(main))).toBe(1);
    fs.writeFileSync(lib, '{ x: 2 }');
    const second = new Engine();
    expect(second.toJson(second.evaluateFile(main))).toBe(2);
    // The first engine keeps its own view of the import (parsed once per engine).
    expect(first.toJson(first.evaluateFile(main))).toBe(1);
  });
});
