/** Every page of the web app and its static assets, as one route module. */
import { Hono } from 'hono';
import type { AppEnv } from '../http/env';
import { assetRoutes } from './assets';
import { authPages } from './auth-pages';
import { coachPages } from './coach-pages';
import { runnerPages } from './runner-pages';
import { settingsPages } from './settings-pages';

export function pageRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  for (const module of [assetRoutes, authPages, runnerPages, settingsPages, coachPages]) app.route('/', module());
  return app;
}
