// A small pflag-compatible argument parser: `--flag=v`, `--flag v`, `-f v`, `-fv`,
// repeatable string lists, booleans (`--flag`, `--flag=false`), `--` ends flags.
// The go-jsonnet dialect (`tkts-jsonnet`) reads arguments as go-jsonnet's `jsonnet` does: `-abc` is
// `-a -b -c`, a value is always the next argument (no `--flag=v`), help and version end the parsing,
// and errors are go-jsonnet's texts with its exit code 1.

import { UsageError, type Dialect } from './errors.js';

export interface FlagSpec {
  short?: string;
  kind: 'bool' | 'string' | 'list';
  /** One line for `--help` (command.ts generates the flag table from the specs). */
  help?: string;
  /** What the value is, in the help table: `--parallel N` (default: `string`, or `strings` for a list). */
  value?: string;
  /** For lists: split each value at commas (pflag StringSlice). */
  commaSplit?: boolean;
  /**
   * Accepted only because tk has it: any value but `inert` would change what tk does and changes
   * nothing here, so it gets a one-line warning (noEffectWarnings) instead of being ignored silently.
   */
  tkOnly?: { inert?: string; why: string };
  /** Refuses a value (throws UsageError) as it is read, so the first bad argument is the one reported. */
  check?: (value: string) => void;
  /** Ends the parsing when given (go-jsonnet's help and version): what follows is not looked at. */
  final?: boolean;
}

export interface Parsed {
  flags: Record<string, string | boolean | string[]>;
  args: string[];
  /** Every flag value in the order given, for commands where the order matters (the last one wins). */
  given: [string, string][];
}

/** go-jsonnet's `-abc` is `-a -b -c`, up to `--`. */
function splitShortClusters(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') return [...out, ...argv.slice(i)];
    if (a.length > 2 && a[0] === '-' && a[1] !== '-') for (const c of a.slice(1)) out.push('-' + c);
    else out.push(a);
  }
  return out;
}

function parseGoJsonnet(argv: string[], specs: Record<string, FlagSpec>, set: (name: string, value: string | boolean) => void, args: string[]): void {
  const byShort = new Map(Object.entries(specs).filter(([, s]) => s.short).map(([n, s]) => [s.short!, n]));
  const args2 = splitShortClusters(argv);
  for (let i = 0; i < args2.length; i++) {
    const a = args2[i];
    if (a === '--') {
      args.push(...args2.slice(i + 1));
      return;
    }
    if (!a.startsWith('-') || a.length === 1) {
      args.push(a);
      continue;
    }
    const name = a.startsWith('--') ? a.slice(2) : byShort.get(a[1]);
    if (name === undefined || !specs[name]) throw new UsageError(`ERROR: unrecognized argument: ${a}\n`, 'go-jsonnet');
    if (specs[name].kind === 'bool') {
      set(name, true);
      if (specs[name].final) return;
      continue;
    }
    if (i + 1 >= args2.length) throw new UsageError('Expected another commandline argument.\n', 'go-jsonnet');
    set(name, args2[++i]);
  }
}

export function parseFlags(argv: string[], specs: Record<string, FlagSpec>, dialect: Dialect = 'pflag'): Parsed {
  const flags: Parsed['flags'] = {};
  const args: string[] = [];
  const given: Parsed['given'] = [];
  const byShort = new Map(Object.entries(specs).filter(([, s]) => s.short).map(([n, s]) => [s.short!, n]));
  const set = (name: string, value: string | boolean) => {
    const spec = specs[name];
    if (typeof value === 'string') {
      spec.check?.(value);
      given.push([name, value]);
    }
    if (spec.kind === 'list') {
      const list = (flags[name] as string[] | undefined) ?? [];
      const values = spec.commaSplit ? String(value).split(',') : [String(value)];
      flags[name] = [...list, ...values];
    } else flags[name] = value;
  };
  // `--flag=value` and `-f=value`: a boolean takes Go's spellings of true and false.
  const setChecked = (name: string, value: string) => {
    if (specs[name].kind !== 'bool') set(name, value);
    else if (['true', '1', 't', 'T', 'TRUE', 'True'].includes(value)) set(name, true);
    else if (['false', '0', 'f', 'F', 'FALSE', 'False'].includes(value)) set(name, false);
    else throw new UsageError(`invalid argument "${value}" for "--${name}" flag: expected true or false`);
  };
  if (dialect === 'go-jsonnet') {
    parseGoJsonnet(argv, specs, set, args);
    return { flags, args, given };
  }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      args.push(...argv.slice(i + 1));
      break;
    }
    let name: string | undefined;
    let inline: string | undefined;
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      name = eq < 0 ? a.slice(2) : a.slice(2, eq);
      inline = eq < 0 ? undefined : a.slice(eq + 1);
      if (!specs[name]) throw new UsageError(`unknown flag: --${name}`);
    } else if (a.startsWith('-') && a.length > 1) {
      // Shorthands cluster as in pflag: `-rp 2` is `-r -p 2`; a flag that takes a value ends the
      // cluster with the rest (`-tkind/name`, `-t=kind/name`) or takes the next argument.
      let rest = a.slice(1);
      for (;;) {
        const c = rest[0];
        const short = byShort.get(c);
        if (!short) throw new UsageError(`unknown shorthand flag: '${c}' in ${a}`);
        if (rest[1] === '=') {
          setChecked(short, rest.slice(2));
          break;
        }
        if (specs[short].kind === 'bool') {
          set(short, true);
          rest = rest.slice(1);
          if (rest === '') break;
          continue;
        }
        if (rest.length > 1) set(short, rest.slice(1));
        else if (i + 1 < argv.length) set(short, argv[++i]);
        else throw new UsageError(`flag needs an argument: '${c}' in -${c}`);
        break;
      }
      continue;
    } else {
      args.push(a);
      continue;
    }
    const spec = specs[name];
    if (spec.kind === 'bool') {
      if (inline === undefined) set(name, true);
      else setChecked(name, inline);
      continue;
    }
    if (inline === undefined) {
      if (i + 1 >= argv.length) throw new UsageError(`flag needs an argument: --${name}`);
      inline = argv[++i];
    }
    set(name, inline);
  }
  return { flags, args, given };
}

export const str = (p: Parsed, name: string): string | undefined => p.flags[name] as string | undefined;
export const bool = (p: Parsed, name: string): boolean => p.flags[name] === true;
export const list = (p: Parsed, name: string): string[] => (p.flags[name] as string[] | undefined) ?? [];

/** One warning line per tk-only flag given a value that has no effect here. */
export function noEffectWarnings(p: Parsed, specs: Record<string, FlagSpec>): string[] {
  const out: string[] = [];
  for (const [name, spec] of Object.entries(specs)) {
    const value = p.flags[name];
    if (!spec.tkOnly || value === undefined) continue;
    const values = Array.isArray(value) ? value : [String(value)];
    if (values.some((v) => v !== spec.tkOnly!.inert)) out.push(`Warning: --${name} has no effect in tkts: ${spec.tkOnly.why}\n`);
  }
  return out;
}

/**
 * The flag table of a `--help` text, generated from the specs so that it cannot drift from what the
 * parser accepts: `  -t, --target kind/name   help`, aligned; tk-only flags say so.
 */
export function flagTable(specs: Record<string, FlagSpec>): string {
  const rows = Object.entries(specs).map(([name, spec]) => {
    const value = spec.kind === 'bool' ? '' : ` ${spec.value ?? (spec.kind === 'list' ? 'strings' : 'string')}`;
    const left = `${spec.short ? `-${spec.short}, ` : '    '}--${name}${value}`;
    const tkOnly = spec.tkOnly ? ` (accepted for tk compatibility: ${spec.tkOnly.why}; warns when given${spec.tkOnly.inert ? ` other than ${spec.tkOnly.inert}` : ''})` : '';
    return [left, (spec.help ?? '') + tkOnly];
  });
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, help]) => `  ${left.padEnd(width)}   ${help}`.trimEnd() + '\n').join('');
}
