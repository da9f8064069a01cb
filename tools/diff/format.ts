// Terminal text and JSON renderings of a DiffResult.

import { countsByKind, describe, isIdentical, MASK, type DiffResult, type FieldChange, type Json, type ObjectRef } from './index.js';

interface FormatOptions {
  /** Names of the two sides, e.g. the environment paths. */
  labels: [string, string];
  summary?: boolean;
  color?: boolean;
}

const CODES = { red: 31, green: 32, yellow: 33, cyan: 36, dim: 2, bold: 1 } as const;
type Paint = (c: keyof typeof CODES, s: string) => string;

function painter(on: boolean): Paint {
  return (c, s) => (on ? `\x1b[${CODES[c]}m${s}\x1b[0m` : s);
}

function scalar(v: Json | undefined): string {
  if (v === undefined) return '(none)';
  const s = JSON.stringify(v);
  return s.length > 120 ? s.slice(0, 117) + '...' : s;
}

/** Lines of a minimal line diff (longest common subsequence) with 2 lines of context. */
export function lineDiff(a: string, b: string, context = 2): string[] {
  const x = a.split('\n');
  const y = b.split('\n');
  if (x.length * y.length > 4_000_000) return [`- (${x.length} lines)`, `+ (${y.length} lines)`];
  const lcs: Uint32Array[] = Array.from({ length: x.length + 1 }, () => new Uint32Array(y.length + 1));
  for (let i = x.length - 1; i >= 0; i--) {
    for (let j = y.length - 1; j >= 0; j--) lcs[i][j] = x[i] === y[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  }
  const ops: { t: ' ' | '-' | '+'; s: string }[] = [];
  let i = 0;
  let j = 0;
  while (i < x.length || j < y.length) {
    if (i < x.length && j < y.length && x[i] === y[j]) {
      ops.push({ t: ' ', s: x[i++] });
      j++;
    } else if (i < x.length && (j >= y.length || lcs[i + 1][j] >= lcs[i][j + 1])) ops.push({ t: '-', s: x[i++] });
    else ops.push({ t: '+', s: y[j++] });
  }
  const keep = ops.map((op, k) => op.t !== ' ' || ops.slice(Math.max(0, k - context), k + context + 1).some((o) => o.t !== ' '));
  const out: string[] = [];
  ops.forEach((op, k) => {
    if (keep[k]) out.push(`${op.t} ${op.s}`);
    else if (k === 0 || keep[k - 1]) out.push('  ...');
  });
  return out;
}

function changeLines(c: FieldChange, paint: Paint): string[] {
  const path = c.path || '(root)';
  if (c.op === 'added') return [paint('green', `+ ${path}: ${scalar(c.new)}`)];
  if (c.op === 'removed') return [paint('red', `- ${path}: ${scalar(c.old)}`)];
  if (c.old === MASK && c.new === MASK) return [paint('yellow', `~ ${path}: (secret value changed)`)];
  if (typeof c.old === 'string' && typeof c.new === 'string' && (c.old.includes('\n') || c.new.includes('\n'))) {
    return [
      paint('yellow', `~ ${path}:`),
      ...lineDiff(c.old, c.new).map((l) => '    ' + (l[0] === '+' ? paint('green', l) : l[0] === '-' ? paint('red', l) : paint('dim', l))),
    ];
  }
  return [paint('yellow', `~ ${path}: ${scalar(c.old)} → ${scalar(c.new)}`)];
}

function refLine(r: ObjectRef): string {
  return `${describe(r)} (${r.apiVersion})`;
}

function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ').trimEnd());
}

/** Breaks a long line at spaces; continuation lines are indented. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = '  ' + word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line];
}

function totals(r: DiffResult): string {
  const parts = [`${r.added.length} added`, `${r.removed.length} removed`, `${r.changed.length} changed`];
  if (r.renamed.length) parts.push(`${r.renamed.length} renamed`);
  parts.push(`${r.identical} identical`);
  return parts.join(', ');
}

/** Counts per kind for the kinds with differences; kinds that are wholly identical are counted in one line. */
function formatSummaryTable(r: DiffResult): string[] {
  const counts = countsByKind(r);
  const differing = counts.filter((c) => c.added + c.removed + c.changed + c.renamed > 0);
  const same = counts.filter((c) => !differing.includes(c));
  const rows = differing.map((c) => [c.kind, String(c.added), String(c.removed), String(c.changed), String(c.renamed), String(c.identical)]);
  const out = table([['KIND', 'ADDED', 'REMOVED', 'CHANGED', 'RENAMED', 'IDENTICAL'], ...rows]);
  if (same.length) out.push('', ...wrap(`Identical kinds (${same.length}): ${same.map((c) => `${c.kind} ${c.identical}`).join(', ')}`, 100));
  return out;
}

export function formatText(r: DiffResult, opts: FormatOptions): string {
  const paint = painter(opts.color ?? false);
  const [la, lb] = opts.labels;
  const out: string[] = [paint('bold', `--- ${la}`), paint('bold', `+++ ${lb}`), ''];
  if (isIdentical(r)) {
    out.push(`No differences (${r.identical} identical objects).`);
    return out.join('\n') + '\n';
  }
  if (opts.summary) {
    out.push(...formatSummaryTable(r), '');
  } else {
    if (r.removed.length) {
      out.push(paint('red', `Only in ${la} (${r.removed.length}):`));
      for (const x of r.removed) out.push(paint('red', `  - ${refLine(x)}`));
      out.push('');
    }
    if (r.added.length) {
      out.push(paint('green', `Only in ${lb} (${r.added.length}):`));
      for (const x of r.added) out.push(paint('green', `  + ${refLine(x)}`));
      out.push('');
    }
    if (r.renamed.length) {
      out.push(paint('cyan', `Renamed (${r.renamed.length}):`));
      for (const x of r.renamed) out.push(paint('cyan', `  ${x.kind} ${x.namespace ? x.namespace + '/' : ''}${x.renamedFrom} → ${x.name}`));
      out.push('');
    }
    if (r.changed.length) {
      out.push(paint('yellow', `Changed (${r.changed.length}):`));
      for (const x of r.changed) {
        out.push(paint('bold', `  ~ ${refLine(x)}`));
        for (const c of x.changes) out.push(...changeLines(c, paint).map((l) => '      ' + l));
      }
      out.push('');
    }
  }
  out.push(totals(r));
  return out.join('\n') + '\n';
}

export function formatJson(r: DiffResult, opts: FormatOptions): string {
  const base = { a: opts.labels[0], b: opts.labels[1], identical: isIdentical(r) };
  if (opts.summary) {
    return JSON.stringify({ ...base, totals: { added: r.added.length, removed: r.removed.length, changed: r.changed.length, renamed: r.renamed.length, identical: r.identical }, kinds: countsByKind(r) }, null, 2) + '\n';
  }
  const { identicalByKind: _, ...rest } = r;
  return JSON.stringify({ ...base, ...rest }, null, 2) + '\n';
}
