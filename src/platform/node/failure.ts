import { ConfigError } from '../../core/config';
import { StartupError } from './serve';

/**
 * Print why a command failed and give its exit code: one line for what the user fixes in the
 * environment (configuration, a busy port), the stack for anything else.
 */
export function printFailure(error: unknown): number {
  if (error instanceof ConfigError || error instanceof StartupError) {
    console.error(error.message);
    return 1;
  }
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  return 1;
}
