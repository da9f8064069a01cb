// `tkts tilt <environment>`: what the Tiltfile reads at load, as one JSON document:
// { yaml, resources, kinds, images }. `yaml` is exactly what `show` prints.
// `--yaml-only` prints just the YAML stream.

import type { JsonValue } from '../jsonnet/api.js';
import { bool, parseFlags, UsageError } from './flags.js';

const USAGE = `Usage: tkts tilt <environment path> [--yaml-only]

Prints JSON for the Tiltfile: { "yaml": <rendered YAML stream>, "resources": [...],
"kinds": [...], "images": [...] }. --yaml-only prints the YAML stream alone.
`;

export async function run(argv: string[]): Promise<number> {
  const p = parseFlags(argv, { 'yaml-only': { kind: 'bool' }, help: { short: 'h', kind: 'bool' } });
  if (bool(p, 'help')) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (p.args.length !== 1) throw new UsageError(`expected 1 argument, got ${p.args.length}\n${USAGE}`);
  const { loadEnvironment } = await import('../tanka/index.js');
  const { encodeStreamV2 } = await import('../tanka/yaml/v2.js');
  const { planTilt } = await import('../tilt/index.js');
  const { manifests } = await loadEnvironment(p.args[0]);
  const yaml = encodeStreamV2(manifests as JsonValue[]);
  if (bool(p, 'yaml-only')) {
    process.stdout.write(yaml);
    return 0;
  }
  const plan = planTilt(manifests);
  process.stdout.write(JSON.stringify({ yaml, ...plan }, null, 1) + '\n');
  return 0;
}
