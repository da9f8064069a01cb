// Reporters: text for people, JSON / JUnit / GitHub annotations for machines.
// All take the same run summary and return a string; the CLI prints it.

import { ruleInfo } from './rules.js';
import type { Finding, ValidationResult } from './types.js';

/** A check run before validation (chart lock, Jsonnet formatting). */
export interface StepResult {
  name: string;
  status: 'ok' | 'failed' | 'skipped';
  detail?: string;
}

export interface RunSummary {
  results: ValidationResult[];
  /** Problems outside any object (unreadable files, environments that fail to evaluate). */
  problems: Finding[];
  steps: StepResult[];
  elapsedMs: number;
}

export type ReportFormat = 'text' | 'json' | 'junit' | 'github';

function countBySeverity(findings: Finding[]): { errors: number; warnings: number } {
  let errors = 0;
  let warnings = 0;
  for (const f of findings) if (f.severity === 'error') errors++;
  else warnings++;
  return { errors, warnings };
}

export function hasErrors(run: RunSummary): boolean {
  return run.problems.some((p) => p.severity === 'error') || run.results.some((r) => r.findings.some((f) => f.severity === 'error')) || run.steps.some((s) => s.status === 'failed');
}

function objectLabel(f: Finding): string {
  const o = f.object;
  if (o.index < 0) return f.file ?? '(input)';
  const name = o.name ? `${o.namespace ? `${o.namespace}/` : ''}${o.name}` : `#${o.index + 1}`;
  return `${o.kind ?? '(no kind)'} ${name}`;
}

function location(f: Finding): string {
  if (!f.file) return '';
  return `${f.file}${f.line !== undefined ? `:${f.line}${f.column !== undefined ? `:${f.column}` : ''}` : ''}`;
}

function ms(n: number): string {
  return n >= 1000 ? `${(n / 1000).toFixed(2)}s` : `${Math.round(n)}ms`;
}

function table(rows: string[][], rightAligned: Set<number>): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => (rightAligned.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd()).join('\n');
}

function formatText(run: RunSummary): string {
  const out: string[] = [];
  for (const s of run.steps) out.push(`${s.status === 'ok' ? 'ok     ' : s.status === 'skipped' ? 'skipped' : 'FAILED '} ${s.name}${s.detail ? `: ${s.detail}` : ''}`);
  if (run.steps.length) out.push('');
  for (const p of run.problems) out.push(`${p.severity} ${location(p) || p.environment || ''}: ${p.message}`);
  if (run.problems.length) out.push('');
  for (const r of run.results) {
    if (r.findings.length === 0) continue;
    out.push(r.environment ?? '(manifests)');
    let lastObject = -2;
    for (const f of r.findings) {
      if (f.object.index !== lastObject) {
        lastObject = f.object.index;
        const o = f.object;
        const where = o.index >= 0 && o.file ? ` (${o.file}${o.line !== undefined ? `:${o.line}` : ''})` : '';
        out.push(`  ${objectLabel(f)}${where}`);
      }
      const at = f.path ? `${f.path}: ` : '';
      const line = f.line !== undefined && f.file ? ` [${f.file}:${f.line}]` : '';
      out.push(`    ${f.severity === 'error' ? 'error  ' : 'warning'} ${at}${f.message} (${f.rule})${line}`);
    }
    out.push('');
  }
  const rows: string[][] = [['environment', 'objects', 'errors', 'warnings', 'time']];
  let objects = 0;
  let errors = 0;
  let warnings = 0;
  for (const r of run.results) {
    const c = countBySeverity(r.findings);
    objects += r.objects;
    errors += c.errors;
    warnings += c.warnings;
    rows.push([r.environment ?? '(manifests)', String(r.objects), String(c.errors), String(c.warnings), ms(r.elapsedMs)]);
  }
  const pc = countBySeverity(run.problems);
  errors += pc.errors;
  warnings += pc.warnings;
  rows.push([`total (${run.results.length} environment${run.results.length === 1 ? '' : 's'})`, String(objects), String(errors), String(warnings), ms(run.elapsedMs)]);
  out.push(table(rows, new Set([1, 2, 3, 4])));
  return `${out.join('\n')}\n`;
}

function formatJson(run: RunSummary): string {
  const findings = [...run.problems, ...run.results.flatMap((r) => r.findings)];
  const c = countBySeverity(findings);
  return `${JSON.stringify(
    {
      steps: run.steps,
      environments: run.results.map((r) => ({ environment: r.environment ?? null, kubernetesVersion: r.kubernetesVersion ?? null, objects: r.objects, elapsedMs: Math.round(r.elapsedMs), ...countBySeverity(r.findings) })),
      findings: findings.map((f) => ({ ...f, reason: ruleInfo(f.rule).reason || undefined })),
      summary: { environments: run.results.length, objects: run.results.reduce((n, r) => n + r.objects, 0), ...c, elapsedMs: Math.round(run.elapsedMs) },
    },
    null,
    2,
  )}\n`;
}

function xml(s: string): string {
  return s.replace(/[<>&"']/g, (ch) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[ch]!).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}

/** JUnit XML: one suite per environment, one test case per object with findings (plus one passing case per clean environment). */
function formatJunit(run: RunSummary): string {
  const suites: string[] = [];
  const suite = (name: string, objects: number, findings: Finding[], seconds: number) => {
    const byObject = new Map<string, Finding[]>();
    for (const f of findings) {
      const k = `${objectLabel(f)}|${f.object.index}`;
      const list = byObject.get(k);
      if (list) list.push(f);
      else byObject.set(k, [f]);
    }
    const cases: string[] = [];
    let failures = 0;
    for (const [k, fs] of byObject) {
      const errors = fs.filter((f) => f.severity === 'error');
      const label = k.slice(0, k.lastIndexOf('|'));
      const body = errors.length
        ? `<failure message="${xml(`${errors.length} error(s)`)}" type="validation">${xml(errors.map((f) => `${f.path ? `${f.path}: ` : ''}${f.message} (${f.rule})${location(f) ? ` at ${location(f)}` : ''}`).join('\n'))}</failure>`
        : '';
      const warnings = fs.filter((f) => f.severity === 'warning');
      const out = warnings.length ? `<system-out>${xml(warnings.map((f) => `warning ${f.path ? `${f.path}: ` : ''}${f.message} (${f.rule})`).join('\n'))}</system-out>` : '';
      if (errors.length) failures++;
      cases.push(`    <testcase classname="${xml(name)}" name="${xml(label)}">${body}${out}</testcase>`);
    }
    if (cases.length === 0) cases.push(`    <testcase classname="${xml(name)}" name="${xml(`${objects} objects`)}"/>`);
    suites.push(`  <testsuite name="${xml(name)}" tests="${cases.length}" failures="${failures}" errors="0" time="${seconds.toFixed(3)}">\n${cases.join('\n')}\n  </testsuite>`);
  };
  for (const s of run.steps) {
    suites.push(
      `  <testsuite name="${xml(s.name)}" tests="1" failures="${s.status === 'failed' ? 1 : 0}" skipped="${s.status === 'skipped' ? 1 : 0}">\n    <testcase classname="steps" name="${xml(s.name)}">${s.status === 'failed' ? `<failure message="${xml(s.detail ?? 'failed')}"/>` : s.status === 'skipped' ? `<skipped message="${xml(s.detail ?? '')}"/>` : ''}</testcase>\n  </testsuite>`,
    );
  }
  if (run.problems.length) suite('input', 0, run.problems, 0);
  for (const r of run.results) suite(r.environment ?? 'manifests', r.objects, r.findings, r.elapsedMs / 1000);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="validate" time="${(run.elapsedMs / 1000).toFixed(3)}">\n${suites.join('\n')}\n</testsuites>\n`;
}

function ghData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function ghProperty(s: string): string {
  return ghData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** GitHub Actions workflow commands: `::error file=...,line=...::message`. */
function formatGithub(run: RunSummary): string {
  const lines: string[] = [];
  for (const s of run.steps) if (s.status === 'failed') lines.push(`::error title=${ghProperty(s.name)}::${ghData(s.detail ?? 'failed')}`);
  for (const f of [...run.problems, ...run.results.flatMap((r) => r.findings)]) {
    const props: string[] = [];
    if (f.file) props.push(`file=${ghProperty(f.file)}`);
    if (f.file && f.line !== undefined) props.push(`line=${f.line}`);
    if (f.file && f.column !== undefined) props.push(`col=${f.column}`);
    props.push(`title=${ghProperty(`${f.rule}: ${objectLabel(f)}`)}`);
    const msg = `${f.environment ? `${f.environment}: ` : ''}${objectLabel(f)}${f.path ? ` ${f.path}` : ''}: ${f.message}`;
    lines.push(`::${f.severity === 'error' ? 'error' : 'warning'} ${props.join(',')}::${ghData(msg)}`);
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}

export function formatRun(run: RunSummary, format: ReportFormat): string {
  switch (format) {
    case 'json':
      return formatJson(run);
    case 'junit':
      return formatJunit(run);
    case 'github':
      return formatGithub(run);
    default:
      return formatText(run);
  }
}
