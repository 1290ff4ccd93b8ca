import { stravaCommand } from '../../strava/cli';

/**
 * Extra `hardday` sub-commands (import, plan, strava …), each registered here by its capability.
 */
export interface CliCommand {
  name: string;
  usage: string;
  run(args: string[]): Promise<number>;
}

export const cliCommands: CliCommand[] = [stravaCommand];
