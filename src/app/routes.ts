/**
 * Every route module of the app, mounted at `/` by `createApp`. A new capability adds one line.
 */
import type { Hono } from 'hono';
import type { AppDeps } from '../deps';
import type { AppEnv } from '../http/env';
import { athleteDataRoutes } from '../planning/routes';
import { calendarRoutes } from '../calendar/routes';
import { healthRoutes } from '../http/health';
import { pageRoutes } from '../pages/routes';
import { stravaRoutes } from '../strava/routes';
import { meRoutes } from '../account/routes';
import { authRoutes } from '../account/auth-routes';
import { fileRoutes } from '../files/routes';
import { garminRoutes } from '../garmin/routes';

export type RouteModule = (deps: AppDeps) => Hono<AppEnv>;

export const routeModules: RouteModule[] = [
  healthRoutes,
  calendarRoutes,
  pageRoutes,
  meRoutes,
  authRoutes,
  athleteDataRoutes,
  stravaRoutes,
  fileRoutes,
  garminRoutes,
];
