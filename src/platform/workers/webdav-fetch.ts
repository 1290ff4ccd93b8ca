/**
 * @module platform/workers/webdav-fetch
 * workerd's fetch refuses HTTP methods outside its list ("Invalid HTTP method string"): WebDAV's
 * PROPFIND, REPORT and MKCOL pass, CalDAV's MKCALENDAR (RFC 4791 §5.3.1) does not. The CalDAV
 * client creates the runner's calendar with MKCALENDAR, so on Workers that request is sent as
 * the equivalent extended MKCOL (RFC 5689 §3): the same properties, plus a resourcetype naming
 * a calendar collection. Servers answer both with 201 Created. Every other request is untouched.
 */

const DAV = 'DAV:';
const CALDAV = 'urn:ietf:params:xml:ns:caldav';

/** The extended MKCOL body carrying the properties of an MKCALENDAR body (RFC 4791 §5.3.1 → RFC 5689 §5.1). */
export function mkcolBodyFor(mkcalendarBody: string): string {
  const root = /<([\w-]+:)?mkcalendar\b([^>]*?)\/?>/.exec(mkcalendarBody);
  // the namespace declarations the properties' prefixes rely on
  const declarations = (root?.[2] ?? '').match(/\sxmlns(:[\w-]+)?="[^"]*"/g)?.join('') ?? '';
  const prop = /<([\w-]+:)?prop\b[^>]*>([\s\S]*?)<\/\1?prop>/.exec(mkcalendarBody);
  const properties = prop?.[2]?.trim() ?? '';
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    // prefixes of our own, so they never clash with the ones declared by the original body
    `<hdD:mkcol xmlns:hdD="${DAV}" xmlns:hdC="${CALDAV}"${declarations}>`,
    '<hdD:set><hdD:prop>',
    '<hdD:resourcetype><hdD:collection/><hdC:calendar/></hdD:resourcetype>',
    properties,
    '</hdD:prop></hdD:set>',
    '</hdD:mkcol>',
  ].join('');
}

/** `fetch` that sends MKCALENDAR as extended MKCOL (the only method workerd refuses that CalDAV needs). */
export function webdavFetch(inner: typeof fetch): typeof fetch {
  return async (input, init) => {
    const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
    if (method.toUpperCase() !== 'MKCALENDAR') return inner(input, init);
    const body = init?.body ?? (input instanceof Request ? await input.text() : undefined);
    const text = typeof body === 'string' ? body : body == null ? '' : await new Response(body).text();
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    headers.set('content-type', 'application/xml; charset=utf-8');
    return inner(input instanceof Request ? input.url : input, { ...init, method: 'MKCOL', headers, body: mkcolBodyFor(text) });
  };
}
