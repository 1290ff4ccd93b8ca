/**
 * @module log
 * Structured JSON logs, one object per line. Anything that looks like a secret is masked before
 * it is written, whatever the caller passed, so tokens cannot leak through a careless field.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };
const SECRET_KEY_PATTERN =
  /token|secret|password|passwd|authorization|cookie|client_secret|refresh|access|api_key|state$/i;
/**
 * A field named `code` is usually an error code (`VALIDATION`, `ECONNREFUSED`, 404, Strava's
 * `Inactive`) and is shown; an OAuth authorization code (Strava: 40 hex digits; Google: `4/0A…`)
 * is a credential and is masked. Error codes are words: letters with `_`, `-` or `.`, or
 * upper-case with digits (`ERR_HTTP2_…`), or numbers.
 */
const ERROR_CODE = /^(?:[A-Za-z][A-Za-z_.-]{0,63}|[A-Z0-9][A-Z0-9_]{0,63})$/;
const SECRET_VALUE_PATTERNS: Array<[RegExp, string]> = [
  [/(Bearer\s+)[A-Za-z0-9._~+/=-]+/gi, '$1[redacted]'],
  // the private feed's path: the whole last segment after `/calendar/` but its `.ics`, whatever
  // the case, slashes or length (`/calendar//<secret>.ICS` must not show the secret either)
  [/(\/calendar\/+)[^/?#\s"'<>]+?(\.ics)?(?=\/*(?:$|[?#\s"'<>]))/gi, '$1[redacted]$2'],
  [/((?:access_token|refresh_token|code|client_secret|token|password)=)[^&\s"]+/gi, '$1[redacted]'],
];

function redactString(value: string): string {
  return SECRET_VALUE_PATTERNS.reduce((s, [re, replacement]) => s.replace(re, replacement), value);
}

function isSecretField(key: string, value: unknown): boolean {
  if (value === null || typeof value === 'boolean' || typeof value === 'number') return false;
  if (/^code$/i.test(key)) return !(typeof value === 'string' && ERROR_CODE.test(value));
  return SECRET_KEY_PATTERN.test(key);
}

function redact(value: unknown, depth = 0): unknown {
  if (depth > 6) return '[depth]';
  if (typeof value === 'string') return redactString(value);
  if (value instanceof Error) {
    return { name: value.name, message: redact(value.message, depth + 1) };
  }
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = isSecretField(k, v) ? '[redacted]' : redact(v, depth + 1);
    }
    return out;
  }
  return value;
}

export function createLogger(
  level: LogLevel,
  write: (line: string) => void = (line) => console.log(line),
  base: LogFields = {},
): Logger {
  const threshold = ORDER[level];
  const emit = (lvl: Exclude<LogLevel, 'silent'>, msg: string, fields?: LogFields) => {
    if (ORDER[lvl] < threshold) return;
    const record = redact({ level: lvl, time: new Date().toISOString(), msg, ...base, ...fields });
    write(JSON.stringify(record));
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (fields) => createLogger(level, write, { ...base, ...fields }),
  };
}

export const silentLogger: Logger = createLogger('silent');
