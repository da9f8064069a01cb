// How Go prints what yaml.v2 decodes into interface{}, for the texts of sigs.k8s.io/yaml's errors
// and map keys: fmt's %#v of a decoded value, and strconv.FormatFloat(f, 'g', -1, 32) of a float key.

import { formatFloatG, quote } from '../strconv.js';

/** A float map key as sigs.k8s.io/yaml turns it into a JSON key: the shortest float32 digits, %g style. */
export function float32KeyString(f: number): string {
  if (!Number.isFinite(f)) return formatFloatG(f);
  const f32 = Math.fround(f);
  for (let p = 1; p <= 9; p++) {
    const s = f32.toPrecision(p);
    if (Math.fround(Number(s)) === f32) return formatFloatG(Number(s));
  }
  return formatFloatG(f32);
}

/** A decoded map: keys as decoded (strings, numbers, booleans, null) with their values, in document order. */
export type GoMapEntries = [unknown, unknown][];

/** Go's ordering of interface{} map keys as observed in fmt's output: strings, ints, floats, booleans. */
function keyRank(k: unknown): number {
  if (typeof k === 'string') return 0;
  if (typeof k === 'number') return Number.isInteger(k) ? 1 : 2;
  return 3;
}

/**
 * fmt's %#v of a value yaml.v2 decoded into interface{} (`entriesOf` gives a map's decoded keys).
 * Integers and integral floats print alike here (the decoded kind is not kept).
 */
export function goSharpV(v: unknown, entriesOf: (m: unknown) => GoMapEntries | undefined, nested = false): string {
  if (v === null || v === undefined) return nested ? 'interface {}(nil)' : '<nil>';
  if (typeof v === 'string') return quote(v);
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) < 2 ** 63 ? BigInt(v).toString() : formatFloatG(v);
  if (Array.isArray(v)) return `[]interface {}{${v.map((x) => goSharpV(x, entriesOf, true)).join(', ')}}`;
  const entries = entriesOf(v);
  if (!entries) return String(v);
  const sorted = [...entries].sort(([a], [b]) => keyRank(a) - keyRank(b) || (a! < b! ? -1 : a! > b! ? 1 : 0));
  return `map[interface {}]interface {}{${sorted.map(([k, x]) => `${goSharpV(k, entriesOf, true)}:${goSharpV(x, entriesOf, true)}`).join(', ')}}`;
}
