/**
 * Vitest globalSetup: before any test, every external program the tests run is there
 * (tests/helpers/ref-tools.ts finds them). Missing Debian packages are installed when the tests run
 * as root with apt-get (a fresh machine or CI); otherwise the run stops at once with one line per
 * missing program and the apt-get command that provides them. The folders of tools found outside
 * PATH are added to PATH, so tests may also call them by name.
 */
import { spawnSync } from 'node:child_process';
import { writeSync } from 'node:fs';
import { delimiter, dirname } from 'node:path';
import { debianPackage, findTool, missingToolMessage, prepareTools, TEST_TOOLS } from './ref-tools.js';

const missingTools = () => TEST_TOOLS.filter((t) => !findTool(t));
const packagesFor = (tools: string[]) => [...new Set(tools.map(debianPackage).filter((p): p is string => !!p))];

function aptGet(args: string[]): boolean {
  const r = spawnSync('apt-get', args, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  return r.status === 0;
}

export default async function setup(): Promise<void> {
  await prepareTools();
  let missing = missingTools();
  const packages = packagesFor(missing);
  if (packages.length && process.getuid?.() === 0 && spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0) {
    process.stderr.write(`Installing the Debian packages the tests need: ${packages.join(' ')}\n`);
    if (aptGet(['update', '-qq'])) aptGet(['install', '-y', '-qq', '--no-install-recommends', ...packages]);
    missing = missingTools();
  }
  if (missing.length) {
    const still = packagesFor(missing);
    // Written synchronously: the process exits right after, and a pipe would lose an async write.
    writeSync(
      2,
      `The tests need programs that were not found:\n${missing.map((t) => `  ${missingToolMessage(t)}`).join('\n')}\n` +
        (still.length ? `Install the Debian packages with: sudo apt-get install ${still.join(' ')} (npm test does it itself when run as root)\n` : ''),
    );
    process.exit(1);
  }
  const onPath = new Set((process.env.PATH ?? '').split(delimiter));
  const extra = [...new Set(TEST_TOOLS.map((t) => dirname(findTool(t)!)))].filter((d) => !onPath.has(d));
  if (extra.length) process.env.PATH = [process.env.PATH, ...extra].join(delimiter);
}
