// The files of a chart as Helm loads them: a chart folder read by Helm (helm template, helm
// package) skips what its .helmignore names, so an upstream archive made by `helm package` and
// the same release's git tree differ by those files (ci/, tests/, README.md.gotmpl, ...). The
// lock's content digest is taken over the loaded files only, so both sources agree.
//
// Rules, as Helm applies them: one pattern per line, blank lines and `#` comments skipped,
// surrounding spaces trimmed; `**` refused; a leading `!` negates, a trailing `/` matches
// folders only, a leading `/` anchors at the chart root, a pattern with a `/` is matched
// against the whole relative path and one without against the base name (Go's
// filepath.Match). Helm always adds `templates/.?*`. A folder that is ignored is not entered.
// Helm's negation is peculiar and kept: a `!` rule that does not match a path ignores it (and
// a `!dir/` rule ignores every file), one that matches lets the next rules decide.
import { BadPatternError, compileFilepathMatch } from '../gocompat/filepath-match.js';
import { ChartsError } from './errors.js';
import type { FileTree } from './tar.js';

interface Rule {
  re: RegExp;
  negate: boolean;
  dirOnly: boolean;
  /** Matched against the whole path (the pattern has a '/') or the base name. */
  wholePath: boolean;
}

type IgnoreRules = Rule[];

const DEFAULT_RULES = 'templates/.?*';

/** Parses .helmignore text (Helm's defaults included); `where` names the file in errors. */
export function parseHelmignore(text: string, where: string): IgnoreRules {
  const rules: IgnoreRules = [];
  const lines = [...text.split('\n'), DEFAULT_RULES];
  lines.forEach((line, index) => {
    let rule = line.trim();
    if (rule === '' || rule.startsWith('#')) return;
    const at = index < lines.length - 1 ? `${where}:${index + 1}` : `${where} (default rule)`;
    if (rule.includes('**')) throw new ChartsError(`${at}: double-star (**) syntax is not supported`);
    let negate = false;
    if (rule.startsWith('!')) {
      negate = true;
      rule = rule.slice(1);
    }
    let dirOnly = false;
    if (rule.endsWith('/')) {
      dirOnly = true;
      rule = rule.slice(0, -1);
    }
    const wholePath = rule.includes('/');
    if (rule.startsWith('/')) rule = rule.slice(1);
    let re: RegExp;
    try {
      re = compileFilepathMatch(rule);
    } catch (e) {
      if (e instanceof BadPatternError) throw new ChartsError(`${at}: ${e.message}`);
      throw e;
    }
    rules.push({ re, negate, dirOnly, wholePath });
  });
  return rules;
}

/** Whether Helm skips `path` (relative, '/'-separated; `isDir` for folders). */
export function isIgnored(rules: IgnoreRules, path: string, isDir: boolean): boolean {
  for (const r of rules) {
    const subject = r.wholePath ? path : path.slice(path.lastIndexOf('/') + 1);
    if (r.negate) {
      if (r.dirOnly && !isDir) return true;
      if (!r.re.test(subject)) return true;
      continue;
    }
    if (r.dirOnly && !isDir) continue;
    if (r.re.test(subject)) return true;
  }
  return false;
}

/** The files Helm loads from a chart tree: without those its .helmignore (and Helm's default) skip. */
export function helmLoadedFiles(files: FileTree, where: string): FileTree {
  const ignoreFile = files.get('.helmignore');
  const rules = parseHelmignore(ignoreFile ? ignoreFile.data.toString('utf8') : '', `${where}: .helmignore`);
  const skippedDirs = new Map<string, boolean>();
  const dirSkipped = (dir: string): boolean => {
    let v = skippedDirs.get(dir);
    if (v === undefined) {
      const slash = dir.lastIndexOf('/');
      v = (slash > 0 && dirSkipped(dir.slice(0, slash))) || isIgnored(rules, dir, true);
      skippedDirs.set(dir, v);
    }
    return v;
  };
  const out: FileTree = new Map();
  for (const [path, f] of files) {
    const slash = path.lastIndexOf('/');
    if (slash > 0 && dirSkipped(path.slice(0, slash))) continue;
    if (isIgnored(rules, path, false)) continue;
    out.set(path, f);
  }
  return out;
}
