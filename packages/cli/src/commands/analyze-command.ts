import { relative } from 'node:path';
import { columnsOf, isTerminal, type CliIo } from '../cli-io.js';
import { AnalysisSchema } from '../analysis/analysis-schema.js';
import { buildAnalysis } from '../analysis/build-analysis.js';
import type { Flags } from '../command-line/parse-command-line.js';
import { DEFAULT_VALUE_BANDS } from '../command-line/parse-values.js';
import { renderAnalysis } from '../render/render-analysis.js';
import { openReadSession } from './open-read-session.js';

/**
 * `forced-cleanup analyze`: reads every selected account, never trades (the session is opened as a dry
 * run and never executed), and prints the analysis — or, with --json, the analysis document.
 * Exit code 1 when an account was unreadable, 0 otherwise.
 */
export async function analyzeCommand(flags: Flags, io: CliIo): Promise<number> {
  const { session, settings, selection, loaded, progress, output } = await openReadSession(flags, io, { dustOnly: false, dryRun: true });
  try {
    progress.stop();
    const analysis = AnalysisSchema.parse(
      buildAnalysis({
        snapshot: session.snapshot,
        positions: session.plan.positions,
        settings,
        bands: flags.bands ?? DEFAULT_VALUE_BANDS,
        partialOwners: selection.partialOwners,
        commandSuffix: flags.demo ? ' --demo' : flags.config !== undefined ? ` --config ${relative(io.cwd, loaded.source) || loaded.source}` : '',
      }),
    );
    if (flags.json) {
      io.stdout.write(JSON.stringify(analysis, null, 2) + '\n');
    } else {
      const chart = !flags.noChart && isTerminal(io.stdout);
      output.say(renderAnalysis(analysis, { chart, columns: columnsOf(io.stdout), brief: flags.quiet, palette: output.palette }));
    }
    return analysis.accounts.some((account) => !account.readable) ? 1 : 0;
  } finally {
    await session.close();
  }
}
