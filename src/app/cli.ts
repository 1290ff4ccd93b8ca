/**
 * The `hardday` sub-commands of the capabilities that need only deps (the database, config,
 * providers). Commands that read or write local files are wired by the Node CLI itself.
 */
import type { Command } from 'commander';
import type { CliContext } from '../deps';
import { createStravaCommand } from '../strava/cli';

export const capabilityCommands: ((ctx: CliContext) => Command)[] = [createStravaCommand];
