/**
 * One-time messages across a redirect (what a plain form post did, or why it failed): sealed
 * with the app's secret key into a short-lived HttpOnly cookie, read and cleared by the next page.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import type { AppEnv } from '../http/env';

export const FLASH_COOKIE = 'hardday_flash';

const FlashSchema = z.object({
  ok: z.boolean(),
  message: z.string().max(2_000),
  /** a value to copy (a new token or invitation link) */
  value: z.string().max(2_000).optional(),
  /** detail lines (skipped files and why) */
  items: z.array(z.string().max(500)).max(20).optional(),
  kind: z.literal('import').optional(),
  /** what was typed into a settings form that failed (never a password), shown again */
  fields: z.array(z.tuple([z.string().max(100), z.string().max(200)])).max(80).optional(),
});
export type Flash = z.infer<typeof FlashSchema>;

const flashes = new WeakMap<Request, Flash>();

export async function setFlash(c: Context<AppEnv>, flash: Flash): Promise<void> {
  const sealed = await c.var.deps.secrets.encrypt(JSON.stringify(FlashSchema.parse(flash)));
  setCookie(c, FLASH_COOKIE, sealed, { path: '/', httpOnly: true, sameSite: 'Lax', secure: c.var.deps.config.PUBLIC_URL.startsWith('https://'), maxAge: 120 });
}

/** Page middleware: take the flash (if any) for this request and clear the cookie. */
export const readFlash: MiddlewareHandler<AppEnv> = async (c, next) => {
  const sealed = getCookie(c, FLASH_COOKIE);
  if (sealed && c.req.method === 'GET') {
    deleteCookie(c, FLASH_COOKIE, { path: '/', secure: c.var.deps.config.PUBLIC_URL.startsWith('https://') });
    try {
      const parsed = FlashSchema.safeParse(JSON.parse(await c.var.deps.secrets.decrypt(sealed)));
      if (parsed.success) flashes.set(c.req.raw, parsed.data);
    } catch {
      // a stale or foreign cookie: no message
    }
  }
  await next();
};

export function flashOf(c: Context<AppEnv>): Flash | undefined {
  return flashes.get(c.req.raw);
}
