/**
 * Every route module of the app, mounted at `/` by `createApp`. A new capability adds one line.
 */
import type { Hono } from 'hono';
import type { AppDeps } from '../../deps';
import type { AppEnv } from '../env';
import { healthRoutes } from './health';

export type RouteModule = (deps: AppDeps) => Hono<AppEnv>;

export const routeModules: RouteModule[] = [healthRoutes];
