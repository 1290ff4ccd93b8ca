/**
 * The `hardday` command line: serve and migrate, the capabilities' commands (strava …), and the
 * file commands (plan), which this Node side gives local file access.
 */
import { Command, CommanderError } from 'commander';
import packageJson from '../../../package.json' with { type: 'json' };
import { capabilityCommands } from '../../app/cli';
import { parseConfig } from '../../core/config';
import { createLogger } from '../../core/log';
import { createImportCommand } from '../../files/import-command';
import { createPlanCommand } from '../../files/plan-command';
import { printFailure } from './failure';
import { nodePlanIo } from './files-input';
import { openDepsFrom } from './runtime';
import { runServe } from './serve';
import { openDatabase } from './sqlite';

export function createProgram(env: Record<string, string | undefined>): Command {
  const program = new Command('hardday')
    .description('hardday: strength sessions planned around your running')
    .version(packageJson.version, '-v, --version')
    .showSuggestionAfterError(true)
    .showHelpAfterError('(run "hardday --help" for the commands)')
    .addHelpText(
      'after',
      '\nSettings come from environment variables, or from a .env file in the working directory\n(variables set in the environment win). Every setting is listed in the README.',
    );
  program
    .command('serve')
    .description('run the worker: HTTP server, job runner and scheduler (the default)')
    .action(() => runServe(env));
  program
    .command('migrate')
    .description('apply database migrations and exit')
    .action(() => {
      const config = parseConfig(env);
      openDatabase(config.DATABASE_PATH).close();
      createLogger(config.LOG_LEVEL).info('migrations applied', { database: config.DATABASE_PATH });
    });
  const ctx = { openDeps: openDepsFrom(env), out: (line: string) => console.log(line) };
  for (const build of capabilityCommands) program.addCommand(build(ctx));
  program.addCommand(createPlanCommand(nodePlanIo()));
  program.addCommand(createImportCommand(ctx, nodePlanIo()));
  return program;
}

/** Run the command line; resolves to the exit code, or -1 while `serve` keeps running. */
export async function runCli(argv: string[], env: Record<string, string | undefined>): Promise<number> {
  const program = createProgram(env).exitOverride();
  // commands built elsewhere and added whole do not inherit the program's settings (exit
  // override, error help, suggestions) the way `.command()` children do
  for (const command of program.commands) command.copyInheritedSettings(program);
  let serving = false;
  program.hook('preAction', (_root, action) => {
    serving = action.name() === 'serve';
  });
  try {
    await program.parseAsync(argv.length === 0 ? ['serve'] : argv, { from: 'user' });
    return serving ? -1 : 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    return printFailure(error);
  }
}
