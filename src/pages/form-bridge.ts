/**
 * Plain HTML forms for the JSON API, so every page works without JavaScript. A form posts to
 * `/form/<api path>?_method=PUT|DELETE&_next=/page#section`; the bridge turns its fields into
 * the JSON body the API route takes and runs that route through the app itself (the contract's
 * use case, same validation), then answers the browser with a 303 at `#flash`, a one-time
 * message saying what happened: to `_next` when it worked, to `_back` (the form's own page,
 * `&_back=/settings#races`) with the error when it did not. Both are same-site paths only. The JSON
 * API itself keeps taking JSON only (text/plain and form bodies get 415).
 *
 * Field names carry their JSON type after a colon, since a form only sends strings:
 * `name` string · `name:number` ('' → null) · `name:nullable` ('' → null) · `name:opt` ('' →
 * left out) · `name:bool` (last value; precede a checkbox with a hidden `false`) · `name:list`
 * (every non-empty value; a hidden '' makes an empty list) · `parent.field:key` (empty → the
 * whole `parent` object is null, e.g. no injury). Dots nest.
 *
 * CSRF: the outer form post has passed the app's same-origin guard before it reaches the bridge;
 * the inner request carries the same cookie and is marked same-origin.
 */
import type { Context, Handler } from 'hono';
import { CALENDARS_NOT_CLEANED_HEADER, parseCalendarsNotCleaned } from '../calendar/cleanup';
import type { AppEnv } from '../http/env';
import { readFormFieldList } from '../http/validate';
import { skippedLine } from '../files/import-summary';
import { type Flash, setFlash } from './flash';

export const FORM_PREFIX = '/form';

const METHODS = new Set(['POST', 'PUT', 'DELETE']);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function setPath(target: Record<string, Json>, path: string[], value: Json): void {
  let cur = target;
  for (const part of path.slice(0, -1)) {
    const next = cur[part];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) cur[part] = {};
    cur = cur[part] as Record<string, Json>;
  }
  const last = path[path.length - 1];
  if (last !== undefined) cur[last] = value;
}

/** Typed form fields (see the module comment) → a JSON object. */
export function formToJson(fields: ReadonlyArray<readonly [string, string]>): Record<string, Json> {
  const out: Record<string, Json> = {};
  const lists = new Map<string, string[]>();
  const bools = new Map<string, boolean>();
  const nullParents: string[][] = [];
  for (const [rawName, value] of fields) {
    if (rawName.startsWith('_')) continue;
    const [name = '', type = 'string'] = rawName.split(':', 2);
    if (!name) continue;
    const path = name.split('.');
    switch (type) {
      case 'list': {
        const list = lists.get(name) ?? [];
        if (value !== '') list.push(value);
        lists.set(name, list);
        break;
      }
      case 'bool':
        bools.set(name, value === 'true' || value === 'on');
        break;
      case 'number':
        setPath(out, path, value.trim() === '' ? null : Number(value));
        break;
      case 'nullable':
        setPath(out, path, value === '' ? null : value);
        break;
      case 'opt':
        if (value !== '') setPath(out, path, value);
        break;
      case 'key':
        if (value === '') nullParents.push(path.slice(0, -1));
        else setPath(out, path, value);
        break;
      default:
        setPath(out, path, value);
    }
  }
  for (const [name, list] of lists) setPath(out, name.split('.'), list);
  for (const [name, value] of bools) setPath(out, name.split('.'), value);
  for (const parent of nullParents) if (parent.length > 0) setPath(out, parent, null);
  return out;
}

/** Only same-site paths: never an open redirect. */
export function safePath(next: unknown): string | undefined {
  return typeof next === 'string' && /^\/(?![/\\])/.test(next) ? next : undefined;
}

function refererPath(c: Context<AppEnv>): string | undefined {
  const referer = c.req.header('referer');
  if (!referer) return undefined;
  try {
    const url = new URL(referer);
    if (url.origin === new URL(c.req.url).origin) return url.pathname + url.search;
  } catch {
    // fall through
  }
  return undefined;
}

/** Where the browser goes when the call worked: `_next`. */
function nextOf(c: Context<AppEnv>): string {
  return safePath(c.req.query('_next')) ?? refererPath(c) ?? '/';
}

/** Where it goes when the call failed: `_back`, the page the form is on (the site sends no Referer). */
function backOf(c: Context<AppEnv>): string {
  return safePath(c.req.query('_back')) ?? refererPath(c) ?? nextOf(c);
}

/** The form fields' names, for error messages the API words with its field paths. */
const FIELD_LABELS: Record<string, string> = {
  timeZone: 'Time zone',
  sex: 'Sex',
  hrMaxBpm: 'Max heart rate',
  hrRestBpm: 'Resting heart rate',
  lthrBpm: 'Threshold heart rate',
  thresholdPaceSPerKm: 'Threshold pace',
  experience: 'Experience',
  equipment: 'Equipment',
  'injury.area': 'Injury area',
  preferredStrengthTime: 'Preferred time',
  strengthGapAfterRunH: 'Hours after a run',
  sessionsPerWeek: 'Sessions per week',
  maxSessionMin: 'Longest session',
  date: 'Date',
  distanceM: 'Distance',
  terrain: 'Terrain',
  priority: 'Priority',
  name: 'Name',
  url: 'URL',
  username: 'Username',
  email: 'Email',
  password: 'Password',
  rpe: 'Effort',
};

function plainIssue(message: string): string {
  const big = /^Too big: expected \w+ to (?:be|have) <=?\s*(\S+)/.exec(message);
  if (big) return `must be at most ${big[1]}`;
  const small = /^Too small: expected \w+ to (?:be|have) >=?\s*(\S+)/.exec(message);
  if (small) return `must be at least ${small[1]}`;
  if (/^Invalid input: expected number/.test(message)) return 'must be a number';
  if (/^Invalid option/.test(message)) return 'is not one of the choices';
  // "must be below hrMaxBpm": name the other field the same way
  return message.replace(/\b[a-z]+[A-Z]\w*\b/g, (field) => FIELD_LABELS[field]?.toLowerCase() ?? field);
}

/**
 * A validation error in plain words: "Max heart rate must be at most 250." instead of "invalid
 * body: hrMaxBpm: Too big: expected number to be <=250". Only for fields the pages' forms have;
 * anything else keeps the API's wording.
 */
export function plainError(message: string, details: unknown): string {
  const fields = (details as { fields?: unknown } | undefined)?.fields;
  if (!Array.isArray(fields) || fields.length === 0) return message;
  const sentences: string[] = [];
  for (const item of fields as Array<{ field?: unknown; message?: unknown }>) {
    const label = typeof item.field === 'string' ? FIELD_LABELS[item.field] : undefined;
    if (!label || typeof item.message !== 'string') return message;
    sentences.push(`${label} ${plainIssue(item.message)}.`);
  }
  return sentences.join(' ');
}

const SETTINGS_API = '/api/me/settings';
const KEEP_MAX_CHARS = 1_500;

/**
 * What the user typed into a settings form (Start, Settings) that failed, so the page can show
 * it again instead of the saved values. Never a password field; nothing when it would not fit a
 * cookie (then the message alone still arrives).
 */
function keptFields(fields: ReadonlyArray<readonly [string, string]>): Array<[string, string]> | undefined {
  const kept = fields.filter(([name]) => !name.startsWith('_') && !/password/i.test(name)).map(([name, value]): [string, string] => [name.slice(0, 100), value.slice(0, 200)]);
  return kept.length > 0 && kept.length <= 80 && JSON.stringify(kept).length <= KEEP_MAX_CHARS ? kept : undefined;
}

/** The settings a page shows: the saved ones, or what was just typed when saving them failed. */
export function shownSettings<S extends object>(saved: S | undefined, typed: ReadonlyArray<readonly [string, string]> | undefined): S | undefined {
  if (!typed || !saved) return saved;
  // the page only reads these values into form controls (escaped), so a partial overlay is safe
  return { ...saved, ...formToJson(typed) } as S;
}

/** What the browser is told after each API call succeeded, by route; the default is "Saved." */
type Describe = (body: Record<string, unknown>, headers: Headers) => Flash;
const SUCCESS: Array<[RegExp, string, Describe]> = [
  [/^\/api\/me\/uploads$/, 'POST', (b) => importFlash(b)],
  [/^\/api\/me\/invites$/, 'POST', (b) => ({ ok: true, message: 'Invitation created. Send this single-use link (valid 7 days) however you like:', value: String(b['url'] ?? '') })],
  [/^\/api\/me\/api-tokens$/, 'POST', (b) => ({ ok: true, message: 'Token created. Copy it now: it is shown only once.', value: String(b['token'] ?? '') })],
  [/^\/api\/me\/calendar-feed\/rotate$/, 'POST', (b) => ({ ok: true, message: 'New calendar link: the old one no longer works.', value: String(b['url'] ?? '') })],
  [/^\/api\/me\/races$/, 'POST', () => ({ ok: true, message: 'Race added: the plan is being updated.' })],
  [/^\/api\/me\/activities\/[^/]+\/effort$/, 'PUT', () => ({ ok: true, message: 'Effort saved: the day and the plan are being updated.' })],
  [/^\/api\/me\/settings$/, 'PUT', () => ({ ok: true, message: 'Settings saved: the plan is being updated.' })],
  [/^\/api\/me\/calendars$/, 'POST', () => ({ ok: true, message: 'Calendar added: sessions are being sent to it.' })],
  [/^\/api\/me\/plan-sources$/, 'POST', () => ({ ok: true, message: 'Plan feed added.' })],
  [/^\/api\/me\/password$/, 'PUT', () => ({ ok: true, message: 'Email and password saved.' })],
  [/^\/api\/me\/connections\/strava$/, 'DELETE', (b) => ({ ok: true, message: `Strava disconnected; ${Number(b['activitiesDeleted'] ?? 0)} activities deleted.` })],
  [/^\/api\/me$/, 'DELETE', (_b, h) => deletedFlash(h)],
  [/^\/api\/me\/imports\/[^/]+$/, 'DELETE', (b) => ({ ok: true, message: b['activityKept'] === true ? "Imported file deleted; the run stays, another source still holds it." : 'Imported file and its run deleted: the plan is being updated.' })],
  [/./, 'DELETE', () => ({ ok: true, message: 'Removed.' })],
];

function importFlash(b: Record<string, unknown>): Flash {
  const skipped = Array.isArray(b['skipped']) ? (b['skipped'] as Array<{ file?: unknown; reason?: unknown }>) : [];
  const imported = Number(b['imported'] ?? 0);
  const duplicates = Number(b['duplicates'] ?? 0);
  return {
    ok: skipped.length === 0 || imported > 0,
    message: `Import finished: ${imported} imported, ${duplicates} already there, ${skipped.length} skipped.${imported > 0 ? ' Your plan is being updated: the new runs show in a moment.' : ''}`,
    items: skipped.slice(0, 20).map((s) => skippedLine({ file: String(s.file ?? 'file'), reason: String(s.reason ?? 'skipped') })),
    kind: 'import',
  };
}

function deletedFlash(headers: Headers): Flash {
  const failed = parseCalendarsNotCleaned(headers.get(CALENDARS_NOT_CLEANED_HEADER));
  return {
    ok: true,
    message: 'Your account and everything with it are deleted.',
    items: failed.map((f) => `Could not remove hardday's events from a ${f.kind} calendar (${f.error}); delete its "hardday" calendar yourself.`),
  };
}

function describeSuccess(path: string, method: string, body: Record<string, unknown>, headers: Headers): Flash {
  for (const [pattern, m, describe] of SUCCESS) if (m === method && pattern.test(path)) return describe(body, headers);
  return { ok: true, message: 'Saved.' };
}

async function readJsonObject(res: Response): Promise<Record<string, unknown>> {
  const text = await res.text();
  if (!text) return {};
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/**
 * Off to a provider's consent page. Not a redirect: the pages' CSP (`form-action 'self'`) makes
 * browsers refuse a form post redirected to another origin, so a tiny page moves on by itself
 * (meta refresh) and offers the link.
 */
function continueTo(c: Context<AppEnv>, url: string): Response {
  const href = escapeHtml(url);
  return c.html(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta http-equiv="refresh" content="0;url=${href}"><title>Continue · hardday</title><link rel="stylesheet" href="/assets/pico.min.css"></head><body><main class="container"><h1>Continue</h1><p><a href="${href}" id="continue">Continue to the provider's page</a> to allow access.</p></main></body></html>`,
    200,
    { 'content-security-policy': "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'", 'cache-control': 'no-store' },
  );
}

/** The Worker's execution context, passed on to the inner request (Node has none). */
function executionContextOf(c: Context<AppEnv>): ExecutionContextLike | undefined {
  try {
    return c.executionCtx;
  } catch {
    return undefined;
  }
}
type ExecutionContextLike = Context<AppEnv>['executionCtx'];

/** `POST /form/*`: the bridge. `app` is the whole app (the API routes it forwards to). */
export function formBridge(app: { fetch(request: Request, env?: unknown, ctx?: ExecutionContextLike): Response | Promise<Response> }): Handler<AppEnv> {
  return async (c) => {
    const url = new URL(c.req.url);
    const apiPath = url.pathname.slice(FORM_PREFIX.length);
    const method = (c.req.query('_method') ?? 'POST').toUpperCase();
    if (!apiPath.startsWith('/api/') || !METHODS.has(method)) return c.json({ error: { code: 'NOT_FOUND', message: `no form route for ${url.pathname}` } }, 404);
    const headers = new Headers({ accept: 'application/json', 'sec-fetch-site': 'same-origin' });
    for (const name of ['cookie', 'user-agent', 'cf-connecting-ip']) {
      const value = c.req.header(name);
      if (value) headers.set(name, value);
    }
    const contentType = c.req.header('content-type') ?? '';
    let body: BodyInit | undefined;
    let typed: Array<[string, string]> = [];
    if (apiPath === '/api/me/uploads') {
      // files stream through untouched: the upload route reads multipart itself
      headers.set('content-type', contentType);
      const length = c.req.header('content-length');
      if (length) headers.set('content-length', length);
      body = c.req.raw.body ?? undefined;
    } else if (method !== 'DELETE') {
      headers.set('content-type', 'application/json');
      typed = await readFormFieldList(c);
      body = JSON.stringify(formToJson(typed));
    }
    const target = new URL(apiPath, url.origin);
    const inner = new Request(target.href, { method, headers, ...(body ? { body, duplex: 'half' } : {}) } as RequestInit);
    const res = await app.fetch(inner, c.env, executionContextOf(c));
    for (const cookie of res.headers.getSetCookie()) c.header('set-cookie', cookie, { append: true });
    const json = await readJsonObject(res);
    // land on the message (it sits at the top of the page), not on the form's section
    const atFlash = (path: string) => `${path.replace(/#.*$/, '')}#flash`;
    if (res.ok && typeof json['authorizeUrl'] === 'string') return continueTo(c, json['authorizeUrl']);
    if (res.ok) {
      await setFlash(c, describeSuccess(apiPath, method, json, res.headers));
      return c.redirect(atFlash(nextOf(c)), 303);
    }
    const error = (json['error'] ?? {}) as { message?: unknown; details?: unknown };
    const message = typeof error.message === 'string' ? plainError(error.message, error.details) : `the request failed (${res.status})`;
    if (res.status === 401) return c.redirect(`/login?next=${encodeURIComponent(backOf(c))}`, 303);
    // back to the form's own page, not on to where success would have gone
    const fields = apiPath === SETTINGS_API && method === 'PUT' ? keptFields(typed) : undefined;
    await setFlash(c, { ok: false, message, ...(fields ? { fields } : {}) });
    return c.redirect(atFlash(backOf(c)), 303);
  };
}
