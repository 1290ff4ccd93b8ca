/**
 * Boundary parsing for HTTP input: every body and query goes through a zod schema here, and a
 * failure becomes one VALIDATION error naming each bad field.
 */
import type { Context } from 'hono';
import type { z } from 'zod';
import { AppError, badRequest, validation } from '../core/errors';

function fieldErrors(error: z.ZodError): Array<{ field: string; message: string }> {
  return error.issues.map((i) => ({ field: i.path.join('.') || '(body)', message: i.message }));
}

function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, what = 'input'): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const fields = fieldErrors(result.error);
  const summary = fields.map((f) => `${f.field}: ${f.message}`).join('; ');
  throw validation(`invalid ${what}: ${summary}`, { fields });
}

/** `application/json` or a `+json` type, any parameters (charset). */
export function isJsonContentType(value: string | undefined): boolean {
  const type = (value ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
}

/**
 * A JSON body is read only when declared as JSON: a `text/plain` form post (which a browser sends
 * cross-origin without a preflight) is refused with 415 before anything is parsed or written.
 */
export function requireJsonContentType(c: Context): void {
  if (!isJsonContentType(c.req.header('content-type'))) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'the request body must be sent as Content-Type: application/json');
  }
}

const FORM_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data']);

/**
 * The text fields of an HTML form post. Anything else (a JSON or malformed body sent to a form
 * route) is a 415 or 400, never a 500; file fields are left out.
 */
export async function readFormFields(c: Context): Promise<Record<string, string>> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (!FORM_TYPES.has(type)) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'the form must be sent as application/x-www-form-urlencoded or multipart/form-data');
  let body: Record<string, unknown>;
  try {
    body = await c.req.parseBody();
  } catch {
    throw badRequest('malformed form body');
  }
  return Object.fromEntries(Object.entries(body).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/** Every text field of an HTML form post in order, repeated names included (415/400 as above). */
export async function readFormFieldList(c: Context): Promise<Array<[string, string]>> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (!FORM_TYPES.has(type)) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'the form must be sent as application/x-www-form-urlencoded or multipart/form-data');
  let form: FormData;
  try {
    form = await c.req.formData();
  } catch {
    throw badRequest('malformed form body');
  }
  const out: Array<[string, string]> = [];
  form.forEach((value, key) => {
    if (typeof value === 'string') out.push([key, value]);
  });
  return out;
}

/** The body of a request declared as JSON, parsed but not yet validated (415 / 400 otherwise). */
export async function readJsonBody(c: Context): Promise<unknown> {
  requireJsonContentType(c);
  try {
    return await c.req.json();
  } catch {
    throw badRequest('request body must be JSON');
  }
}

export async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  return parseOrThrow(schema, await readJsonBody(c), 'body');
}

export function readQuery<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  return parseOrThrow(schema, c.req.query(), 'query');
}
