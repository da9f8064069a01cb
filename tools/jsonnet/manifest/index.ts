// Manifesters: JSON (byte-identical to go-jsonnet), YAML, INI, Python, XML, TOML;
// and the parsers std.parseJson / std.parseYaml. Each format lives in its own
// module; this file is the public face the evaluator, std and CLI import.

import { builtin, lazyBuiltin, type ParamSpec, type Value } from '../value.js';
import { forceInStdFrames, GO_STD, inStdFrames } from '../std/go-std-frames.js';
import { asBoolean, asString } from '../std/util.js';
import { manifestJsonEx } from './json.js';
import { manifestYamlDoc, manifestYamlStream } from './yaml.js';
import {
  escapeStringBash,
  escapeStringDollars,
  escapeStringJson,
  escapeStringXml,
  manifestIni,
  manifestPython,
  manifestPythonVars,
  manifestTomlEx,
  manifestXmlJsonml,
} from './formats.js';
import { parseJson, parseYaml } from './parse.js';

export { toStringValue, manifestJsonOutput, serializeJson, escapeJsonString } from './json.js';
export { manifestYamlDoc, manifestYamlStream, yamlBareSafe } from './yaml.js';
export { parseJson, parseYaml } from './parse.js';

function opt(name: string, defaultValue: Value): ParamSpec {
  return { name, optional: true, defaultValue };
}

/** std.manifest* / std.parse* / std.escapeString* builtins by name (go-jsonnet's parameter names). */
export function manifestBuiltins(): Map<string, Value> {
  const m = new Map<string, Value>();
  const add = (name: string, params: (string | ParamSpec)[], impl: (args: Value[]) => Value) =>
    m.set(name, builtin(name, params, impl));

  // Jsonnet code in go-jsonnet (std.manifestJsonEx(value, ...)): its call and its thunk of value are frames.
  const jsonIn = (name: 'manifestJson' | 'manifestJsonMinified', manifest: (v: Value) => string) => {
    const steps = GO_STD[name];
    m.set(name, lazyBuiltin(name, ['value'], ([v]) => {
      const value = forceInStdFrames(steps.value, v);
      return inStdFrames(steps.body, () => manifest(value));
    }));
  };
  jsonIn('manifestJson', (v) => manifestJsonEx(v, '    '));
  jsonIn('manifestJsonMinified', (v) => manifestJsonEx(v, '', '', ':'));
  add('manifestJsonEx', ['value', 'indent', opt('newline', '\n'), opt('key_val_sep', ': ')], ([v, indent, nl, sep]) =>
    manifestJsonEx(v, asString(indent), asString(nl), asString(sep)),
  );
  add('manifestYamlDoc', ['value', opt('indent_array_in_object', false), opt('quote_keys', true)], ([v, ind, q]) =>
    manifestYamlDoc(v, asBoolean(ind), asBoolean(q)),
  );
  add(
    'manifestYamlStream',
    ['value', opt('indent_array_in_object', false), opt('c_document_end', true), opt('quote_keys', true)],
    ([v, ind, end, q]) => manifestYamlStream(v, asBoolean(ind), asBoolean(end), asBoolean(q)),
  );
  add('manifestPython', ['v'], ([v]) => manifestPython(v));
  add('manifestPythonVars', ['conf'], ([v]) => manifestPythonVars(v));
  add('manifestIni', ['ini'], ([v]) => manifestIni(v));
  add('manifestXmlJsonml', ['value'], ([v]) => manifestXmlJsonml(v));
  add('manifestTomlEx', ['value', 'indent'], ([v, indent]) => manifestTomlEx(v, asString(indent)));
  add('manifestToml', ['value'], ([v]) => manifestTomlEx(v, '  '));
  add('escapeStringJson', ['str_'], ([v]) => escapeStringJson(v));
  add('escapeStringPython', ['str'], ([v]) => escapeStringJson(v));
  add('escapeStringBash', ['str_'], ([v]) => escapeStringBash(v));
  add('escapeStringDollars', ['str_'], ([v]) => escapeStringDollars(v));
  // go-jsonnet's std spells it escapeStringXML (the documentation's escapeStringXml does not exist there).
  add('escapeStringXML', ['str_'], ([v]) => escapeStringXml(v));
  add('parseJson', ['str'], ([v]) => parseJson(asString(v)));
  add('parseYaml', ['str'], ([v]) => parseYaml(asString(v)));
  return m;
}
