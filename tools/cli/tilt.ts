// `tkts tilt <environment>`: what the Tiltfile reads at load, as one JSON document:
// { yaml, resources, kinds, images }. `yaml` is exactly what `show` prints.
// `--yaml-only` prints just the YAML stream.

import type { JsonValue } from '../jsonnet/api.js';
import { expectArgs, type Command } from './command.js';
import { bool } from './flags.js';

const USAGE = `Usage: tkts tilt <environment path> [--yaml-only]

Prints JSON for the Tiltfile: { "yaml": <rendered YAML stream>, "resources": [...],
"kinds": [...], "images": [...] }. --yaml-only prints the YAML stream alone.
`;

export const tiltCommand: Command = {
  name: 'tilt',
  summary: 'print what the Tiltfile needs (YAML, resources, kinds, images) as JSON',
  help: USAGE,
  flags: { 'yaml-only': { kind: 'bool', help: 'print the YAML stream alone' } },
  async run(p) {
    const [path] = expectArgs(p, 1, 1, 'tilt <environment path> [--yaml-only]');
    const { findRoot, loadEnvironment } = await import('../tanka/index.js');
    const { encodeStreamV2 } = await import('../gocompat/yaml/marshal.js');
    const { planTilt } = await import('../tilt/index.js');
    const { readTiltConfig } = await import('../tilt/config.js');
    const { manifests } = await loadEnvironment(path);
    const yaml = encodeStreamV2(manifests as JsonValue[]);
    if (bool(p, 'yaml-only')) {
      process.stdout.write(yaml);
      return 0;
    }
    const plan = planTilt(manifests, { config: readTiltConfig(findRoot(path)) });
    process.stdout.write(JSON.stringify({ yaml, ...plan }, null, 1) + '\n');
    return 0;
  },
};
