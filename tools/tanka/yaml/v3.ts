// gopkg.in/yaml.v3 v3.0.1 Marshal output for JSON-decoded values (4-space
// indent, sequences indented under their key, no line folding): used by the
// manifestYamlFromJson native and Tanka's error dumps.

import type { JsonValue } from '../../jsonnet/api.js';
import { emitDocuments } from './emitter.js';

export function marshalV3(v: JsonValue): string {
  return emitDocuments([v], 'v3');
}
