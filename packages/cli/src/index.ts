/** @forced-cleanup/cli — the `forced-cleanup` command. */
export { main, runFromProcess } from './main.js';
export type { CliIo } from './cli-io.js';
export { demoConfig } from './demo-portfolio.js';
export { CLI_ERROR_HINTS, CliError } from './cli-errors.js';
export { AnalysisSchema, type Analysis, type OwnerAnalysis, type ThresholdImpact, type AnalyzedPosition } from './analysis/analysis-schema.js';
export { configJsonSchema } from './config/config-json-schema.js';
export type { ConfigCheckResult } from './commands/config-check-command.js';
export type { ConfigProblem } from './config/config-problems.js';
