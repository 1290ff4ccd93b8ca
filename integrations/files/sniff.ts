/**
 * @module integrations/files/sniff
 * What a file is, from its name and its first bytes. The extension decides which parser runs;
 * the bytes must agree, so a renamed file gets a clear "wrong type" error instead of garbage.
 */
import { looksLikeFit } from './fit';
import { looksLikeGzip } from './gzip';
import { rootElementName } from './xml';
import { looksLikeZip } from './zip';

export type Kind = 'fit' | 'gpx' | 'tcx' | 'gzip' | 'zip';

/** The kind the name claims (`.fit`, `.gpx`, `.tcx`, `.gz`, `.zip`), or undefined. */
export function kindFromName(name: string): Kind | undefined {
  const lower = name.toLowerCase();
  if (lower.endsWith('.gz')) return 'gzip';
  const ext = /\.([a-z0-9]+)$/.exec(lower)?.[1];
  return ext === 'fit' || ext === 'gpx' || ext === 'tcx' || ext === 'zip' ? ext : undefined;
}

const head = new TextDecoder('utf-8');

/** The kind the bytes show, or undefined. */
export function kindFromBytes(bytes: Uint8Array): Kind | undefined {
  if (looksLikeFit(bytes)) return 'fit';
  if (looksLikeGzip(bytes)) return 'gzip';
  if (looksLikeZip(bytes)) return 'zip';
  const start = head.decode(bytes.subarray(0, 4096)).replace(/^\uFEFF/, '').trimStart();
  const root = rootElementName(start);
  if (root === 'gpx') return 'gpx';
  if (root === 'TrainingCenterDatabase') return 'tcx';
  return undefined;
}

/** Human wording for error messages. */
export function describeKind(kind: Kind | undefined, bytes: Uint8Array): string {
  if (kind === 'fit') return 'a FIT file';
  if (kind === 'gzip') return 'gzip data';
  if (kind === 'zip') return 'a zip archive';
  if (kind === 'gpx') return 'GPX';
  if (kind === 'tcx') return 'TCX';
  if (bytes.length === 0) return 'empty';
  const start = head.decode(bytes.subarray(0, 256)).trimStart();
  if (start.startsWith('<')) return 'XML/HTML of another kind';
  return 'not a FIT, GPX or TCX file';
}

/** The name without a trailing `.gz`. */
export function stripGz(name: string): string {
  return name.replace(/\.gz$/i, '');
}
