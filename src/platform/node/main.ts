/**
 * What the `hardday` command does before any command runs: read `.env`, warn about misspelt
 * variables, then run the command. `serve` (also the default) starts directly, without loading
 * the command-line parser and the file commands (FIT/GPX/TCX parsers, progress bars) that the
 * server never uses, which keeps its start-up fast and its memory small.
 */
import { unknownVariableWarnings } from '../../core/config';
import { type EnvFileResult, withEnvFile } from './env-file';
import { printFailure } from './failure';
import { runServe } from './serve';

/** Resolves to the exit code, or -1 while `serve` keeps running. */
export async function main(argv: string[], env: Record<string, string | undefined>, cwd: string): Promise<number> {
  // The test suite runs from the checkout: a developer's own `.env` must not leak into it.
  const loaded: EnvFileResult = env.VITEST ? { env } : withEnvFile(env, cwd);
  if (loaded.problem) console.error(`warning: ${loaded.problem}`);
  for (const line of unknownVariableWarnings(loaded.env)) console.error(`warning: ${line}`);
  if (argv.length === 0 || (argv.length === 1 && argv[0] === 'serve')) {
    try {
      await runServe(loaded.env);
      return -1;
    } catch (error) {
      return printFailure(error);
    }
  }
  const { runCli } = await import('./cli');
  return runCli(argv, loaded.env);
}
