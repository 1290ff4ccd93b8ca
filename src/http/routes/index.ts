/**
 * Every route module of the app, mounted at `/` by `createApp`. A new capability adds one line.
 */
import type { Hono } from 'hono';
import type { AppDeps } from '../../deps';
import type { AppEnv } from '../env';
import { athleteDataRoutes } from './athlete-data';
import { calendarRoutes } from './calendars';
import { healthRoutes } from './health';
import { homeRoutes } from './home';
import { stravaRoutes } from './strava';
import { meRoutes } from './me';

export type RouteModule = (deps: AppDeps) => Hono<AppEnv>;

export const routeModules: RouteModule[] = [
  healthRoutes,
  calendarRoutes,
  homeRoutes,
  meRoutes,
  athleteDataRoutes,
  stravaRoutes,
];
