/** Every `hardday` sub-command beyond serve and migrate, each declared by its capability. */
import type { CliCommand } from '../deps';
import { stravaCommand } from '../strava/cli';

export const cliCommands: CliCommand[] = [stravaCommand];
