/** @forced-cleanup/cli — the `forced-cleanup` command. */
export { main, runFromProcess } from './main.js';
export type { CliIo } from './cli-io.js';
export { demoConfig } from './demo-portfolio.js';
export { CLI_ERROR_HINTS, CliError } from './cli-errors.js';
