// Where go-jsonnet v0.22.0 reports errors of the std functions it implements
// in Jsonnet (its embedded std.jsonnet) rather than in Go: the first stack
// frame of such an error is a location in `<std>`, e.g.
//   RUNTIME ERROR: std.map first param must be function, got object
//   	<std>:276:7-76	function <anonymous>
// Our builtins are native, so the frame is looked up here by function name
// and error message; the positions were read off the go-jsonnet binary's
// reports. Only the first frame is given here; the frames of a whole step of
// such a function (a callback, an argument forced) are StdFrames, run through
// inStdFrames and StdFrameThunk below, so they also count towards --max-stack.

import type { Loc } from '../ast.js';
import { runtimeState } from '../stack.js';
import { force, type JFunction, RuntimeError, Thunk, type LazyValue, type TraceFrame, type Value } from '../value.js';

type Rule = [message: RegExp, frame: string];

const ANON = 'function <anonymous>';
const FORMAT: Rule[] = [
  [/^Unrecognised conversion type/, `469:9-51 function <parse_conv_type>`],
  [/^Truncated format code/, '474:7-491:8'],
  [/^Codepoints must be >= 0|^Invalid unicode codepoint/, '712:11-24 function <format_code>'],
  [/^%c expected 1-sized string/, '717:13-71 function <format_code>'],
  [/^%c expected number \/ string/, '719:11-69 function <format_code>'],
  [/^Too many values to format/, '727:11-86 function <format_codes_arr>'],
  [/^Not enough values to format/, '760:15-103 thunk <val> from <function <format_codes_arr>>'],
  [/^Mapping keys required/, '789:15-45 thunk <f> from <function <format_codes_obj>>'],
];
const MOD: Rule[] = [
  [/^Division by zero/, `259:7-23 ${ANON}`],
  [/^Operator % cannot be used/, `263:7-94 ${ANON}`],
  ...FORMAT,
];
const OBJECT_FIELDS: Rule[] = [[/^Unexpected type/, `1570:5-33 ${ANON}`]];
const OBJECT_FIELDS_ALL: Rule[] = [[/^Unexpected type/, `1573:5-32 ${ANON}`]];
const COMPARE: Rule[] = [[/^Comparison requires matching types/, `1707:7-75 ${ANON}`]];

const RULES: Record<string, Rule[]> = {
  resolvePath: [
    [/^std\.split first parameter/, '116:5-119:31'],
    [/^Unexpected type/, `1632:5-80 ${ANON}`],
  ],
  format: [
    // A format that is not a string: std.length(str), then str[i] (see format.ts, formatText).
    [/^Unexpected type (number|boolean|null)$/, '495:15-30 function <parse_codes>'],
    [/^Unexpected type number, expected string$|^Value non indexable/, '498:19-25 thunk <c> from <function <parse_codes>>'],
    ...FORMAT,
  ],
  mod: MOD,
  abs: [[/^std\.abs expected number/, `865:7-58 ${ANON}`]],
  sign: [[/^std\.sign expected number/, `871:7-59 ${ANON}`]],
  max: [
    [/^std\.max first param/, `881:7-70 ${ANON}`],
    [/^std\.max second param/, `883:7-71 ${ANON}`],
  ],
  min: [
    [/^std\.min first param/, `889:7-70 ${ANON}`],
    [/^std\.min second param/, `891:7-71 ${ANON}`],
  ],
  all: [
    [/parameter should be an array/, '1673:5-1685:11'],
    [/is not a boolean/, '1680:9-1684:23'],
  ],
  any: [
    [/parameter should be an array/, '1688:5-1700:11'],
    [/is not a boolean/, '1695:9-1699:23'],
  ],
  assertEqual: [
    [/^Assertion failed/, `861:7-56 ${ANON}`],
    [/^couldn't manifest function/, `861:13-56 ${ANON}`],
  ],
  flattenArrays: [
    [/^Unexpected type \w+, expected array/, `901:30-35 ${ANON}`],
    [/^foldl second parameter/, `901:5-46 ${ANON}`],
    [/^couldn't manifest function/, `901:30-35 ${ANON}`],
  ],
  set: [[/^Unexpected type/, '1490:14-33 thunk from <function <anonymous>>']],
  setDiff: [
    [/^Unexpected type \w+, expected/, '1536:17-40 function <aux>'],
    [/^Unexpected type/, '1534:12-22 function <aux>'],
  ],
  setInter: [
    [/^Unexpected type \w+, expected/, '1521:17-40 function <aux>'],
    [/^Unexpected type/, '1519:12-22 function <aux>'],
  ],
  setMember: [
    [/^Unexpected type \w+, expected/, '1521:17-40 function <aux>'],
    [/^Unexpected type/, '1519:12-22 function <aux>'],
  ],
  setUnion: [
    [/^Unexpected type \w+, expected/, '1508:17-24 function <aux>'],
    [/^Unexpected type/, '1504:20-30 thunk <ak> from <function <aux>>'],
  ],
  deepJoin: [[/^Expected string or array/, `347:7-63 ${ANON}`]],
  deg2rad: [[/^Unexpected type/, `268:16-26 ${ANON}`]],
  rad2deg: [[/^Unexpected type/, `269:16-23 ${ANON}`]],
  log2: [[/^Unexpected type|^Not a number|^Overflow/, `271:13-23 ${ANON}`]],
  log10: [[/^Unexpected type|^Not a number|^Overflow/, `272:14-24 ${ANON}`]],
  clamp: [[/^Unexpected type/, `896:8-18 ${ANON}`]],
  filterMap: [
    [/^std\.filterMap first param/, `845:7-89 ${ANON}`],
    [/^std\.filterMap second param/, `847:7-87 ${ANON}`],
    [/^std\.filterMap third param/, `849:7-78 ${ANON}`],
    [/expected boolean/, '851:25-53 thunk from <function <anonymous>>'],
  ],
  find: [[/^find second parameter/, `1668:7-77 ${ANON}`]],
  findSubstr: [
    [/^findSubstr first parameter/, `1655:7-82 ${ANON}`],
    [/^findSubstr second parameter/, `1657:7-83 ${ANON}`],
  ],
  get: [[/^Unexpected type/, `1567:8-41 ${ANON}`]],
  lines: [[/^Unexpected type/, `339:5-31 ${ANON}`]],
  map: [
    [/^std\.map first param/, `276:7-76 ${ANON}`],
    [/^std\.map second param/, `278:7-82 ${ANON}`],
  ],
  mapWithIndex: [
    [/^std\.mapWithIndex first param/, `284:7-85 ${ANON}`],
    [/^std\.mapWithIndex second param/, `286:7-82 ${ANON}`],
  ],
  mapWithKey: [
    [/^std\.mapWithKey first param/, `292:7-83 ${ANON}`],
    [/^std\.mapWithKey second param/, `294:7-81 ${ANON}`],
  ],
  manifestIni: [
    [/^Unexpected type/, `1576:5-33 ${ANON}`],
    [/^Field does not exist: sections/, '925:33-45 thunk from <thunk <all_sections> from <function <anonymous>>>'],
  ],
  manifestJson: [[/^tried to manifest function/, `1059:25-58 ${ANON}`]],
  manifestJsonMinified: [[/^tried to manifest function/, `1061:33-71 ${ANON}`]],
  manifestPython: [[/^cannot manifest function/, `1332:7-39 ${ANON}`]],
  manifestPythonVars: [
    [/^cannot manifest function/, `1332:7-39 ${ANON}`],
    [/^Unexpected type/, `1570:5-33 ${ANON}`],
  ],
  manifestToml: [[/^TOML body must be an object|^Tried to manifest/, `929:25-56 ${ANON}`]],
  manifestXmlJsonml: [
    [/^Expected a JSONML value/, `1348:7-75 ${ANON}`],
    [/^Index 0 out of bounds/, '1354:23-27 thunk <tag> from <function <aux>>'],
  ],
  manifestYamlStream: [[/^manifestYamlStream only takes arrays/, `1313:7-75 ${ANON}`]],
  objectFields: OBJECT_FIELDS,
  objectValues: OBJECT_FIELDS,
  objectKeysValues: OBJECT_FIELDS,
  objectFieldsAll: OBJECT_FIELDS_ALL,
  objectValuesAll: OBJECT_FIELDS_ALL,
  objectKeysValuesAll: OBJECT_FIELDS_ALL,
  objectHas: [[/^Unexpected type/, `1576:5-33 ${ANON}`]],
  objectHasAll: [[/^Unexpected type/, `1579:5-32 ${ANON}`]],
  parseHex: [
    [/^Expected string/, '111:5-113:23'],
    [/is not a base 16 integer/, '93:7-94:31'],
  ],
  parseOctal: [
    [/^Expected string/, '106:5-108:22'],
    [/^Not an octal number/, '107:5-108:22'],
    [/is not a base 8 integer/, '93:7-94:31'],
  ],
  repeat: [
    [/^std\.repeat first argument/, '203:12-74 thunk <joiner> from <function <anonymous>>'],
    [/^Expected an integer/, '204:22-60 thunk from <function <anonymous>>'],
  ],
  slice: [
    [/negative steps are not supported/, '232:5-246:66'],
    [/step must be greater than 0/, '233:5-246:66'],
    [/^std\.slice accepts a string or an array/, '234:5-246:66'],
  ],
  split: [
    [/^std\.split first parameter/, '116:5-119:31'],
    [/^std\.split second parameter/, '117:5-119:31'],
  ],
  __compare: COMPARE,
  __compare_array: COMPARE,
  __array_less: COMPARE,
  __array_greater: COMPARE,
  __array_less_or_equal: COMPARE,
  __array_greater_or_equal: COMPARE,
};

const cache = new Map<string, TraceFrame>();

/** `L:C-E desc` or `L:C-L2:C2 desc` -> a frame in `<std>`. */
function frameOf(spec: string): TraceFrame {
  let f = cache.get(spec);
  if (f === undefined) {
    const [range, ...desc] = spec.split(' ');
    const [from, to] = range.split('-');
    const [line, column] = from.split(':').map(Number);
    const end = to.split(':').map(Number);
    const loc: Loc = { file: '<std>', line, column, endLine: end.length === 2 ? end[0] : line, endColumn: end[end.length - 1] };
    f = { loc, description: desc.join(' ') };
    cache.set(spec, f);
  }
  return f;
}

/** A frame in `<std>` given as `L:C-E desc` (for errors that know their own place). */
export function goStdFrameAt(spec: string): TraceFrame {
  return frameOf(spec);
}

/** go-jsonnet's first frame for an error raised inside std.<name>, if that function is Jsonnet code there. */
export function goStdFrame(name: string, message: string): TraceFrame | null {
  if (!Object.hasOwn(RULES, name)) return null; // not `toString` and the like from Object.prototype
  const rules = RULES[name];
  for (const [re, frame] of rules) if (re.test(message)) return frameOf(frame);
  return null;
}

/** go-jsonnet's frame for "Format required number" from format_code, by conversion character. */
export function goFormatNumberFrame(conversion: string): TraceFrame | null {
  const lines: Record<string, string> = { d: '638:11-639:47', i: '638:11-639:47', u: '638:11-639:47', o: '644:11-645:47', x: '651:11-652:47', X: '651:11-652:47', f: '663:11-664:47', F: '663:11-664:47', e: '675:11-676:47', E: '675:11-676:47', g: '688:11-689:47', G: '688:11-689:47' };
  const l = lines[conversion];
  return l === undefined ? null : frameOf(`${l} function <format_code>`);
}

/**
 * The frames go-jsonnet's Jsonnet std is in while it does one step (calls a callback, forces an
 * argument), outermost first, each `L:C-E desc` in `<std>`; '' is the element thunk of its native
 * makeArray, a frame with neither location nor description.
 */
export type StdFrames = readonly TraceFrame[];

const MAKE_ARRAY_ELEMENT: TraceFrame = { loc: { file: '', line: 0, column: 0, endLine: 0, endColumn: 0 }, description: '' };

function stdFrames(...specs: string[]): StdFrames {
  return specs.map((s) => (s === '' ? MAKE_ARRAY_ELEMENT : frameOf(s)));
}

/** Adds frames[0..last] to the trace of an error leaving them (innermost first). */
function traceOut(e: unknown, frames: StdFrames, last: number): void {
  // Only Jsonnet errors carry traces; a JavaScript stack overflow is rerun on a deeper stack.
  if (!(e instanceof RuntimeError)) return;
  const trace = (e.trace ??= []);
  for (let i = last; i >= 0; i--) trace.push(frames[i]);
}

/**
 * Enters `frames`: each counts towards --max-stack; the error of the first beyond the limit has the
 * ones before it in its trace, not itself (as in go-jsonnet). Leave with `runtimeState.depth -= n`.
 */
function enter(frames: StdFrames): void {
  const st = runtimeState;
  const room = st.maxStack - st.depth;
  if (frames.length <= room) {
    st.depth += frames.length;
    return;
  }
  const e = new RuntimeError('max stack frames exceeded.');
  traceOut(e, frames, room - 1);
  throw e;
}

/** Runs `body` inside `frames`, which are added to the trace of an error passing out. */
export function inStdFrames(frames: StdFrames, body: () => Value): Value {
  enter(frames);
  try {
    return body();
  } catch (e) {
    traceOut(e, frames, frames.length - 1);
    throw e;
  } finally {
    runtimeState.depth -= frames.length;
  }
}

/** Forces `v` inside `frames` (go-jsonnet's std forcing a parameter through its own calls and thunks). */
export function forceInStdFrames(frames: StdFrames, v: LazyValue): Value {
  const st = runtimeState;
  if (st.depth + frames.length <= st.maxStack) {
    // Already computed: the frames can only matter beyond the stack limit.
    if (!(v instanceof Thunk)) return v;
    const known = v.peek();
    if (known !== undefined) return known;
  }
  enter(frames);
  try {
    return force(v);
  } catch (e) {
    traceOut(e, frames, frames.length - 1);
    throw e;
  } finally {
    st.depth -= frames.length;
  }
}

const fn = (spec: string) => `${spec} function <anonymous>`;
const thunk = (spec: string) => `${spec} thunk from <function <anonymous>>`;
/** isX(v):: std.type(v) == 'x' at line `line`, std.type(v) from column `c`: its call frame and its thunk of v. */
const isType = (line: number, c: number): string[] => [fn(`${line}:${c}-${c + 11}`), thunk(`${line}:${c + 9}-${c + 10}`)];
/** A check `std.isX(param)` in a body at `call` (the call) and `arg` (the parameter), isX at `line`, column `c`. */
const check = (call: string, arg: string, line: number, c: number) => stdFrames(fn(call), ...isType(line, c), thunk(arg));
/** `std.objectFields(o)` or `std.objectFieldsAll(o)` called at `call` with o at `arg`, inside a comprehension at `comp`. */
const fields = (comp: string, call: string, arg: string, all: boolean) =>
  stdFrames(`${comp} `, fn(call), ...(all ? [fn('1573:5-32'), thunk('1573:24-25')] : [fn('1570:5-33'), thunk('1570:24-25')]), thunk(arg));
const IS_FUNCTION = [35, 19] as const;
const IS_ARRAY = [34, 16] as const;
const IS_OBJECT = [33, 17] as const;

/**
 * The steps of go-jsonnet's std functions written in Jsonnet, as its traces show them: `check`s
 * force a parameter (through std.isX), `call` is where an element calls the function given, `arg`
 * the thunk it passes an element in. Each line was read off go-jsonnet v0.22.0's reports.
 */
export const GO_STD = {
  isString: stdFrames(...isType(30, 17)),
  isNumber: stdFrames(...isType(31, 17)),
  isBoolean: stdFrames(...isType(32, 18)),
  isObject: stdFrames(...isType(...IS_OBJECT)),
  isArray: stdFrames(...isType(...IS_ARRAY)),
  isFunction: stdFrames(...isType(...IS_FUNCTION)),
  makeArray: { element: stdFrames('') },
  map: {
    func: check('275:9-29', '275:24-28', ...IS_FUNCTION),
    arr: check('277:14-30', '277:26-29', ...IS_ARRAY),
    call: stdFrames('', fn('280:50-62')),
    arg: stdFrames(thunk('280:55-61')),
  },
  mapWithIndex: {
    func: check('283:9-29', '283:24-28', ...IS_FUNCTION),
    arr: check('285:14-30', '285:26-29', ...IS_ARRAY),
    call: stdFrames('', fn('288:50-65')),
    arg: stdFrames(thunk('288:58-64')),
  },
  mapWithKey: {
    func: check('291:9-29', '291:24-28', ...IS_FUNCTION),
    obj: check('293:14-31', '293:27-30', ...IS_OBJECT),
    // { [k]: func(k, obj[k]) for k in std.objectFields(obj) }: go-jsonnet's two frames of the object
    // comprehension, then std.objectFields(obj) (obj's thunk there never fails: its place is unseen).
    fields: stdFrames('296:7-62 ', '296:7-62 ', fn('296:39-60'), fn('1570:5-33'), thunk('1570:24-25'), thunk('296:58-61')),
    call: stdFrames('296:14-29 object <anonymous>'),
    arg: stdFrames('296:22-28 thunk from <object <anonymous>>'),
  },
  filterMap: {
    filterFunc: check('844:9-36', '844:24-35', ...IS_FUNCTION),
    mapFunc: check('846:14-38', '846:29-37', ...IS_FUNCTION),
    arr: check('848:14-30', '848:26-29', ...IS_ARRAY),
    // std.map(map_func, std.filter(filter_func, arr)): the filter runs when std.map checks its array.
    filter: stdFrames(fn('851:7-54'), fn('277:14-30'), ...isType(...IS_ARRAY), thunk('277:26-29'), thunk('851:25-53')),
  },
  manifestJson: { value: stdFrames(fn('1059:25-58'), thunk('1059:44-49')), body: stdFrames(fn('1059:25-58')) },
  manifestJsonMinified: { value: stdFrames(fn('1061:33-71'), thunk('1061:52-57')), body: stdFrames(fn('1061:33-71')) },
  // [... for k in std.objectFields(o)]: the comprehension, its std.objectFields(o) (objectFieldsEx(o, hidden)) and o.
  objectValues: { obj: fields('1582:5-40', '1582:20-39', '1582:37-38', false), element: stdFrames(thunk('1582:6-10')) },
  objectValuesAll: { obj: fields('1585:5-43', '1585:20-42', '1585:40-41', true), element: stdFrames(thunk('1585:6-10')) },
  objectKeysValues: { obj: fields('1588:5-59', '1588:39-58', '1588:56-57', false), value: stdFrames('1588:23-27 object <anonymous>') },
  objectKeysValuesAll: { obj: fields('1591:5-62', '1591:39-61', '1591:59-60', true), value: stdFrames('1591:23-27 object <anonymous>') },
};

/**
 * A thunk of go-jsonnet's Jsonnet std: `f(args)` called inside `frames` (an array element or field
 * it computes), or with no `f` a value it passes on in a thunk of its own (`arr[i]`, a parameter),
 * forced inside its frame. One class for both: each new kind of thunk on the hot path costs V8.
 */
export class StdThunk extends Thunk {
  private constructor(
    private f: JFunction | null,
    private args: LazyValue[] | null,
    private inner: LazyValue,
    private readonly frames: StdFrames,
  ) {
    super();
  }

  static calling(f: JFunction, args: LazyValue[], frames: StdFrames): StdThunk {
    return new StdThunk(f, args, null, frames);
  }

  static passing(v: LazyValue, frame: StdFrames): StdThunk {
    return new StdThunk(null, null, v, frame);
  }

  protected compute(): Value {
    const frames = this.frames;
    if (this.f === null) {
      const v = forceInStdFrames(frames, this.inner);
      this.inner = null;
      return v;
    }
    enter(frames);
    try {
      const v = this.f.invoke(this.args!, null);
      // Drop references once evaluated (not before: a failed call may be retried).
      this.f = null;
      this.args = null;
      return v;
    } catch (e) {
      traceOut(e, frames, frames.length - 1);
      throw e;
    } finally {
      runtimeState.depth -= frames.length;
    }
  }
}
