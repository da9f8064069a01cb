/**
 * How tests start the real tk: its environment. tk has no cache and renders every chart with helm on every
 * run, so helm is the tests' caching helm (helm-cache.ts: the real helm's exact bytes, each distinct render
 * once per test run). And Go's collector runs less often: tk (go-jsonnet) and the kubectl it starts spend
 * about a quarter of their CPU in it at the default GOGC=100; at 400 a tk run of this project peaks at
 * ~650 MB instead of ~350 MB. Neither changes what tk prints.
 */
import { delimiter } from 'node:path';
import { cachingHelmDir } from './helm-cache.js';

export async function tkProcessEnv(env: NodeJS.ProcessEnv): Promise<NodeJS.ProcessEnv> {
  return { ...env, PATH: [await cachingHelmDir(), env.PATH].join(delimiter), GOGC: env.GOGC ?? '400' };
}
