// Public surface of the Tanka layer: what the CLI, validate and tilt call.

export { loadEnvironment, evalJsonnet, evaluateEnvironmentJsonnet, listEnvironments, EnvironmentError, MultipleEnvironmentsError, NoEnvironmentError, isStackExhaustion } from './environments.js';
export type { LoadOptions, LoadedEnvironment, ManifestSource, FoundEnvironment, Environment, Manifest, EvaluatedEnvironment } from './environments.js';
export { findEnvironments, findEntrypointDirs } from './find.js';
export { evaluateEnvironment, renderExportFiles } from './job.js';
export type { EnvironmentJob, EnvironmentResult, ExportFile } from './job.js';
export { runEnvironmentJobs, defaultParallelism } from './pool.js';
export { exportEnvironments, ExportError } from './export.js';
export type { ExportOptions, ExportSummary, MergeStrategy } from './export.js';
export { resolvePaths, findRoot, findBase, jpaths, createImporter } from './jpath.js';
export { parseEnvironment, environmentToJson, environmentToGo, staticEnvExtCode } from './spec.js';
export { tankaNatives } from './natives/index.js';
export { goMarshal } from '../gocompat/json.js';
