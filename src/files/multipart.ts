/**
 * @module files/multipart
 * A streaming `multipart/form-data` reader over a request body (web streams only): each file part
 * is handed out as a chunk stream while the body arrives, so an uploaded archive is never held
 * whole. The raw body is counted against `maxBodyBytes` and the file parts against `maxParts`.
 */
import { AppError, badRequest } from '../core/errors';

export interface MultipartLimits {
  maxBodyBytes: number;
  maxParts: number;
  /** longest header block of one part */
  maxHeaderBytes?: number;
}

export interface FilePart {
  field: string;
  filename: string;
  chunks: AsyncIterable<Uint8Array>;
}

const enc = new TextEncoder();
const CRLF = enc.encode('\r\n');
const HEADER_END = enc.encode('\r\n\r\n');

/** The boundary of a `multipart/form-data` content type, or undefined. */
export function multipartBoundary(contentType: string | undefined): string | undefined {
  if (!contentType || !/^multipart\/form-data\s*;/i.test(contentType)) return undefined;
  const m = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType);
  return m?.[1] ?? m?.[2];
}

function indexOf(hay: Uint8Array, needle: Uint8Array, from = 0): number {
  const first = needle[0] as number;
  const last = hay.length - needle.length;
  for (let i = hay.indexOf(first, from); i !== -1 && i <= last; i = hay.indexOf(first, i + 1)) {
    let j = 1;
    while (j < needle.length && hay[i + j] === needle[j]) j++;
    if (j === needle.length) return i;
  }
  return -1;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function parseDisposition(headers: string): { field: string; filename?: string } | undefined {
  const line = headers.split('\r\n').find((l) => /^content-disposition\s*:/i.test(l));
  if (!line) return undefined;
  const field = /;\s*name="([^"]*)"/i.exec(line)?.[1];
  const filename = /;\s*filename="([^"]*)"/i.exec(line)?.[1];
  if (field === undefined) return undefined;
  return { field, ...(filename !== undefined ? { filename } : {}) };
}

/** A display name from a client-sent file name: the last path segment, printable, bounded. */
export function safeFileName(name: string): string {
  const base = name.replace(/\\/g, '/').split('/').pop() ?? '';
  const clean = Array.from(base)
    .filter((ch) => ch.charCodeAt(0) >= 0x20 && ch.charCodeAt(0) !== 0x7f)
    .join('')
    .slice(0, 200);
  return clean === '' || clean === '.' || clean === '..' ? 'upload' : clean;
}

/**
 * Yield the file parts of the body in order (non-file fields are skipped). Each part's chunks must
 * be read before asking for the next part; what is left unread is skipped.
 */
export async function* readMultipartFiles(body: ReadableStream<Uint8Array>, boundary: string, limits: MultipartLimits): AsyncGenerator<FilePart> {
  const reader = body.getReader();
  const delimiter = enc.encode(`\r\n--${boundary}`);
  const maxHeader = limits.maxHeaderBytes ?? 16 * 1024;
  // A leading CRLF makes the first boundary look like every other one.
  let buf: Uint8Array = CRLF;
  let total = 0;
  let ended = false;
  let parts = 0;

  async function fill(): Promise<boolean> {
    if (ended) return false;
    const { done, value } = await reader.read();
    if (done) {
      ended = true;
      return false;
    }
    total += value.length;
    if (total > limits.maxBodyBytes) {
      await reader.cancel().catch(() => undefined);
      throw new AppError('PAYLOAD_TOO_LARGE', `the upload is over the limit of ${limits.maxBodyBytes} bytes`);
    }
    buf = concat(buf, value);
    return true;
  }

  async function need(n: number): Promise<void> {
    while (buf.length < n) if (!(await fill())) throw badRequest('the multipart body ends early');
  }

  /** Discard the rest of the current part, through its closing delimiter. */
  async function skipPart(): Promise<void> {
    for (;;) {
      const at = indexOf(buf, delimiter);
      if (at >= 0) {
        buf = buf.subarray(at + delimiter.length);
        return;
      }
      if (buf.length >= delimiter.length) buf = buf.subarray(buf.length - delimiter.length + 1);
      if (!(await fill())) throw badRequest('the multipart body ends inside a part');
    }
  }

  // preamble up to the first boundary
  for (;;) {
    const at = indexOf(buf, delimiter);
    if (at >= 0) {
      buf = buf.subarray(at + delimiter.length);
      break;
    }
    if (buf.length > delimiter.length) buf = buf.subarray(buf.length - delimiter.length);
    if (!(await fill())) throw badRequest(`the body has no multipart boundary "${boundary}"`);
  }

  try {
    for (;;) {
      await need(2);
      if (buf[0] === 0x2d && buf[1] === 0x2d) return; // "--": the closing boundary
      let headEnd = indexOf(buf, HEADER_END);
      while (headEnd < 0) {
        if (buf.length > maxHeader) throw badRequest('a multipart part has headers over 16 KiB');
        if (!(await fill())) throw badRequest('the multipart body ends inside part headers');
        headEnd = indexOf(buf, HEADER_END);
      }
      const headers = new TextDecoder().decode(buf.subarray(0, headEnd));
      buf = buf.subarray(headEnd + HEADER_END.length);
      const disposition = parseDisposition(headers.replace(/^\r\n/, ''));
      let finished = false;
      async function* partChunks(): AsyncGenerator<Uint8Array> {
        for (;;) {
          const at = indexOf(buf, delimiter);
          if (at >= 0) {
            const chunk = buf.subarray(0, at);
            buf = buf.subarray(at + delimiter.length);
            finished = true;
            if (chunk.length > 0) yield chunk;
            return;
          }
          const keep = delimiter.length - 1;
          if (buf.length > keep) {
            const chunk = buf.subarray(0, buf.length - keep);
            buf = buf.subarray(buf.length - keep);
            yield chunk;
          }
          if (!(await fill())) throw badRequest('the multipart body ends inside a part');
        }
      }
      const chunks = partChunks();
      if (disposition?.filename !== undefined) {
        parts++;
        if (parts > limits.maxParts) throw new AppError('PAYLOAD_TOO_LARGE', `the upload has more than ${limits.maxParts} files`);
        yield { field: disposition.field, filename: safeFileName(disposition.filename), chunks };
      }
      if (!finished) await skipPart();
    }
  } finally {
    if (!ended) await reader.cancel().catch(() => undefined);
  }
}
