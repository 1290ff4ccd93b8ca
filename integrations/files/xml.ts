/**
 * @module integrations/files/xml
 * XML for GPX and TCX, parsed defensively: no DOCTYPE (so no entity declarations and no entity
 * expansion, ever), entity processing off in the parser, well-formedness checked before use,
 * namespace prefixes dropped (`gpxtpx:hr` → `hr`).
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { FileImportError } from './errors';

export type XmlNode = Record<string, unknown>;

const decoder = new TextDecoder('utf-8');

/** The bytes as text, BOM and leading whitespace removed. */
export function xmlText(bytes: Uint8Array): string {
  return decoder.decode(bytes).replace(/^\uFEFF/, '').trimStart();
}

/** The local name of the root element, or undefined when the text does not start like XML. */
export function rootElementName(textStart: string): string | undefined {
  const withoutProlog = textStart.replace(/^<\?xml[^>]*\?>\s*/, '').replace(/^(<!--[\s\S]*?-->\s*)+/, '');
  const match = /^<(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)/.exec(withoutProlog);
  return match?.[1];
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
});

/** Parse `text` into a plain object tree; throws FileImportError on DOCTYPEs and malformed XML. */
export function parseXml(file: string, text: string): XmlNode {
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) {
    throw new FileImportError(file, 'xml_entities', 'declares a DOCTYPE/ENTITY; XML entity declarations are refused (entity expansion attack)');
  }
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    throw new FileImportError(file, 'invalid_xml', `is not well-formed XML (line ${valid.err.line}: ${valid.err.msg})`);
  }
  const tree: unknown = parser.parse(text);
  if (tree === null || typeof tree !== 'object') throw new FileImportError(file, 'invalid_xml', 'is empty XML');
  return tree as XmlNode;
}

/** A child that may be absent, one node or a list, always as a list of objects. */
export function children(node: unknown, key: string): XmlNode[] {
  if (node === null || typeof node !== 'object') return [];
  const value = (node as XmlNode)[key];
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.filter((v): v is XmlNode => v !== null && typeof v === 'object');
}

export function child(node: unknown, key: string): XmlNode | undefined {
  return children(node, key)[0];
}

/** The text of a leaf (`<ele>12</ele>` or `<name>x</name>`), or of `#text` in a mixed node. */
export function leafText(node: unknown, key: string): string | undefined {
  if (node === null || typeof node !== 'object') return undefined;
  const raw = (node as XmlNode)[key];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (value && typeof value === 'object' && typeof (value as XmlNode)['#text'] === 'string') return (value as XmlNode)['#text'] as string;
  return undefined;
}

export function leafNumber(node: unknown, key: string): number | undefined {
  const t = leafText(node, key);
  if (t === undefined || t.trim() === '') return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

export function attr(node: unknown, name: string): string | undefined {
  return leafText(node, `@_${name}`);
}

/** First descendant leaf named `key` anywhere below `node` (extension blocks vary by vendor). */
export function findLeafNumber(node: unknown, key: string, depth = 4): number | undefined {
  if (node === null || typeof node !== 'object' || depth < 0) return undefined;
  const direct = leafNumber(node, key);
  if (direct !== undefined) return direct;
  for (const value of Object.values(node as XmlNode)) {
    const list = Array.isArray(value) ? value : [value];
    for (const item of list) {
      const found = findLeafNumber(item, key, depth - 1);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** Decode XML entities that stay literal because entity processing is off (the five predefined and numeric ones). */
export function unescapeXml(value: string): string {
  return value.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_m, ent: string) => {
    if (ent.startsWith('#x')) return String.fromCodePoint(Number.parseInt(ent.slice(2), 16));
    if (ent.startsWith('#')) return String.fromCodePoint(Number.parseInt(ent.slice(1), 10));
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[ent] ?? '';
  });
}
