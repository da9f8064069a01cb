#!/usr/bin/env node
// Records Go's answers for every tests/fixtures/gocompat/<name>-cases.json into <name>-golden.json, by
// asking the real Tanka: a case is a native call ({native, args}: Go's regexp behind regexMatch,
// regexSubst, escapeStringRegex) or a Jsonnet expression ({expr}: go-jsonnet's std and Tanka's natives,
// e.g. YAML scalar resolution, which runs Go's strconv). Run when a case is added: `npm run golden:re2`
// (needs tk v0.38.0 as TK_BIN or on PATH).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const fixtures = path.join(root, 'tests/fixtures/gocompat');
const tk = process.env.TK_BIN ?? 'tk';
const version = spawnSync(tk, ['--version'], { encoding: 'utf8' });
if (version.status !== 0 || !/v0\.38\.0/.test(version.stdout + version.stderr)) {
  console.error(`record-re2-goldens: needs Grafana Tanka v0.38.0 (set TK_BIN or put tk on PATH); found: ${(version.stdout || version.error?.message || '').trim()}`);
  process.exit(1);
}

// tk eval needs a project root; each case is one file so that an error stops only its own case.
const work = fs.mkdtempSync(path.join(os.tmpdir(), 're2-goldens-'));
fs.writeFileSync(path.join(work, 'jsonnetfile.json'), '{}');
const code = (c) => c.expr ?? `std.native(${JSON.stringify(c.native)})(${c.args.map((a) => JSON.stringify(a)).join(', ')})`;
for (const casesFile of fs.readdirSync(fixtures).filter((f) => f.endsWith('-cases.json')).sort()) {
  const name = casesFile.slice(0, -'-cases.json'.length);
  const cases = JSON.parse(fs.readFileSync(path.join(fixtures, casesFile), 'utf8'));
  const golden = cases.map((c) => {
    const file = path.join(work, 'case.jsonnet');
    fs.writeFileSync(file, `${code(c)}\n`);
    const run = spawnSync(tk, ['eval', file], { encoding: 'utf8', cwd: work });
    if (run.status === 0) return { ...c, result: JSON.parse(run.stdout) };
    const m = /RUNTIME ERROR: (.*)/.exec(run.stderr);
    if (!m) throw new Error(`unexpected tk output for ${JSON.stringify(c)}:\n${run.stderr}`);
    return { ...c, error: m[1] };
  });
  fs.writeFileSync(path.join(fixtures, `${name}-golden.json`), JSON.stringify(golden, null, 1) + '\n');
  console.log(`tests/fixtures/gocompat/${name}-golden.json: ${golden.length} cases (${golden.filter((g) => g.error).length} errors)`);
}
fs.rmSync(work, { recursive: true, force: true });
