import { ConfigError } from '../../core/config';
import { AppError } from '../../core/errors';
import { StartupError } from './serve';

/**
 * Print why a command failed and give its exit code: one line for what the user fixes in the
 * environment (configuration, a busy port) or in the command (an unknown account, a bad
 * argument), the stack for anything else.
 */
export function printFailure(error: unknown): number {
  if (error instanceof ConfigError || error instanceof StartupError) {
    console.error(error.message);
    return 1;
  }
  if (error instanceof AppError && error.status < 500) {
    console.error(`hardday: ${error.message}`);
    return 1;
  }
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  return 1;
}
