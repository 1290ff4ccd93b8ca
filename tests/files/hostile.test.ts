/**
 * Corrupt and hostile inputs: every one is skipped with a typed reason naming the file, nothing is
 * imported from it, and the rest of the batch still imports.
 */
import { gzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { type FileInput, FileImportError, parseActivityFiles } from '../../integrations/files';
import { fitActivity, gpx, text, track } from './helpers';

const goodFit = (): Uint8Array => fitActivity({ start: '2026-11-20T07:00:00Z', durationS: 1800, distanceM: 5000, hr: 150 });
const good = (): FileInput => ({ name: 'good.fit', bytes: goodFit() });

async function skipOf(input: FileInput, limits = {}) {
  const batch = await parseActivityFiles([input, good()], { limits });
  expect(batch.activities.map((a) => a.file)).toEqual(['good.fit']);
  expect(batch.skipped).toHaveLength(1);
  const s = batch.skipped[0]!;
  expect(s.reason.startsWith(s.file)).toBe(true);
  return s;
}

const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<gpx><trk><name>&lol3;</name></trk></gpx>`;

describe('FIT damage', () => {
  it('truncated', async () => {
    const bytes = goodFit();
    const s = await skipOf({ name: 'cut.fit', bytes: bytes.subarray(0, bytes.length - 40) });
    expect(s).toMatchObject({ file: 'cut.fit', code: 'truncated' });
  });

  it('bad CRC', async () => {
    const bytes = goodFit().slice();
    bytes[60] = (bytes[60] ?? 0) ^ 0xff;
    expect(await skipOf({ name: 'flip.fit', bytes })).toMatchObject({ code: 'bad_crc' });
  });

  it('a header that claims 2 GB of data', async () => {
    const bytes = goodFit().slice();
    new DataView(bytes.buffer).setUint32(4, 0x80000000, true);
    const s = await skipOf({ name: 'huge.fit', bytes });
    expect(s.code).toBe('truncated');
    expect(s.reason).toContain('2147483648');
  });

  it('a short file of garbage named .fit', async () => {
    expect(await skipOf({ name: 'junk.fit', bytes: text('hello') })).toMatchObject({ code: 'wrong_type' });
    expect(await skipOf({ name: 'empty.fit', bytes: new Uint8Array(0) })).toMatchObject({ code: 'wrong_type' });
  });
});

describe('XML', () => {
  it('invalid XML', async () => {
    const s = await skipOf({ name: 'broken.gpx', bytes: text('<?xml version="1.0"?><gpx><trk><trkseg></trk></gpx>') });
    expect(s).toMatchObject({ code: 'invalid_xml' });
    expect(s.reason).toMatch(/not well-formed XML \(line 1/);
  });

  it('entity expansion (billion laughs) in GPX and TCX, without expanding', async () => {
    expect(await skipOf({ name: 'lol.gpx', bytes: text(BILLION_LAUGHS) })).toMatchObject({ code: 'xml_entities' });
    expect(await skipOf({ name: 'lol.tcx', bytes: text(BILLION_LAUGHS.replace(/gpx/g, 'TrainingCenterDatabase')) })).toMatchObject({ code: 'xml_entities' });
  });

  it('an external entity (XXE) is refused the same way', async () => {
    const xxe = '<?xml version="1.0"?><!DOCTYPE gpx [<!ENTITY x SYSTEM "file:///etc/passwd">]><gpx><trk><name>&x;</name></trk></gpx>';
    expect(await skipOf({ name: 'xxe.gpx', bytes: text(xxe) })).toMatchObject({ code: 'xml_entities' });
  });

  it('XML of another kind under a .gpx or .tcx name', async () => {
    expect(await skipOf({ name: 'page.gpx', bytes: text('<html><body>login</body></html>') })).toMatchObject({ code: 'wrong_type' });
    expect(await skipOf({ name: 'track.tcx', bytes: text(gpx(track('2026-01-01T00:00:00Z', 5))) })).toMatchObject({ code: 'wrong_type' });
  });
});

describe('wrong type with the right extension', () => {
  it('a FIT file named .gpx, a GPX named .fit, text named .fit.gz, garbage named .zip, and an unknown type', async () => {
    expect((await skipOf({ name: 'a.gpx', bytes: goodFit() })).reason).toContain('has a .gpx name but is a FIT file');
    expect((await skipOf({ name: 'b.fit', bytes: text(gpx(track('2026-01-01T00:00:00Z', 5))) })).reason).toContain('has a .fit name but is GPX');
    expect(await skipOf({ name: 'c.fit.gz', bytes: gzipSync(text('just text')) })).toMatchObject({ code: 'wrong_type', file: 'c.fit.gz' });
    expect(await skipOf({ name: 'd.zip', bytes: text('not a zip at all') })).toMatchObject({ code: 'wrong_type' });
    expect(await skipOf({ name: 'notes.txt', bytes: text('hello') })).toMatchObject({ code: 'unsupported_type' });
  });
});

describe('compression limits', () => {
  const zeros = new Uint8Array(8 * 1024 * 1024);

  it('a zip bomb entry stops at the ratio limit', async () => {
    const s = await skipOf({ name: 'bomb.zip', bytes: zipSync({ 'bomb.fit': zeros }, { level: 9 }) });
    expect(s).toMatchObject({ code: 'zip_bomb', file: 'bomb.zip/bomb.fit' });
  });

  it('a gzip bomb stops at the ratio limit', async () => {
    expect(await skipOf({ name: 'bomb.fit.gz', bytes: gzipSync(zeros, { level: 9 }) })).toMatchObject({ code: 'zip_bomb' });
  });

  it('a zip entry whose header claims 2 GB is refused before inflating', async () => {
    const zip = zipSync({ 'big.fit': goodFit() });
    new DataView(zip.buffer).setUint32(22, 0x80000000, true);
    const s = await skipOf({ name: 'claims.zip', bytes: zip });
    expect(s).toMatchObject({ code: 'too_large', file: 'claims.zip/big.fit' });
    expect(s.reason).toContain('claims 2147483648 bytes');
  });

  it('a gzip whose size trailer claims 2 GB is refused before inflating', async () => {
    const gz = gzipSync(goodFit());
    new DataView(gz.buffer).setUint32(gz.length - 4, 0x80000000, true);
    expect(await skipOf({ name: 'claims.fit.gz', bytes: gz })).toMatchObject({ code: 'too_large' });
  });

  it('per-file decompressed size limit', async () => {
    const big = text(gpx(track('2026-01-01T00:00:00Z', 3000)));
    expect(big.length).toBeGreaterThan(200_000);
    const limits = { maxFileBytes: 100_000 };
    expect(await skipOf({ name: 'big.gpx.gz', bytes: gzipSync(big) }, limits)).toMatchObject({ code: 'too_large' });
    expect(await skipOf({ name: 'big.gpx', bytes: big }, limits)).toMatchObject({ code: 'too_large' });
  });

  it('total decompressed size limit: later files are refused, earlier ones import', async () => {
    const one = gzipSync(goodFit());
    const size = goodFit().length;
    const batch = await parseActivityFiles(
      [1, 2, 3].map((i) => ({ name: `${i}.fit.gz`, bytes: gzipSync(fitActivity({ start: `2026-11-2${i}T07:00:00Z`, durationS: 600 })) })),
      { limits: { maxTotalBytes: Math.floor(size * 2.5) } },
    );
    expect(one.length).toBeGreaterThan(0);
    expect(batch.activities.map((a) => a.file)).toEqual(['1.fit.gz', '2.fit.gz']);
    expect(batch.skipped).toMatchObject([{ file: '3.fit.gz', code: 'too_large' }]);
  });

  it('file count limit', async () => {
    const inputs = [1, 2, 3, 4].map((i) => ({ name: `${i}.fit`, bytes: fitActivity({ start: `2026-11-2${i}T07:00:00Z`, durationS: 600 }) }));
    const batch = await parseActivityFiles(inputs, { limits: { maxFiles: 2 } });
    expect(batch.activities).toHaveLength(2);
    expect(batch.skipped.map((s) => [s.file, s.code])).toEqual([
      ['3.fit', 'too_many_files'],
      ['4.fit', 'too_many_files'],
    ]);
  });

  it('a damaged gzip', async () => {
    const gz = gzipSync(goodFit());
    const s = await skipOf({ name: 'cut.fit.gz', bytes: gz.subarray(0, gz.length - 30) });
    expect(['truncated', 'bad_archive', 'too_large']).toContain(s.code);
  });
});

describe('archive entries', () => {
  it('path traversal entries are reported and never opened; the rest of the archive imports', async () => {
    const zip = zipSync({ '../evil.fit': goodFit(), '/abs.fit': goodFit(), 'C:/win.fit': goodFit(), 'ok/run.fit': goodFit() });
    const batch = await parseActivityFiles([{ name: 'mixed.zip', bytes: zip }]);
    expect(batch.activities.map((a) => a.file)).toEqual(['mixed.zip/ok/run.fit']);
    expect(batch.skipped.map((s) => [s.file, s.code])).toEqual([
      ['mixed.zip/../evil.fit', 'path_traversal'],
      ['mixed.zip//abs.fit', 'path_traversal'],
      ['mixed.zip/C:/win.fit', 'path_traversal'],
    ]);
  });

  it('archives nested too deep', async () => {
    let zip = zipSync({ 'run.fit': goodFit() });
    for (let i = 0; i < 4; i++) zip = zipSync({ [`level${i}.zip`]: zip });
    const batch = await parseActivityFiles([{ name: 'deep.zip', bytes: zip }]);
    expect(batch.activities).toEqual([]);
    expect(batch.skipped).toMatchObject([{ code: 'too_many_files' }]);
    expect(batch.skipped[0]!.reason).toContain('nested deeper than 3');
  });

  it('a bad entry in a zip does not stop the others', async () => {
    const zip = zipSync({ 'a.fit': text('nope'), 'b.gpx': text(BILLION_LAUGHS), 'c.fit': goodFit() });
    const batch = await parseActivityFiles([{ name: 'x.zip', bytes: zip }]);
    expect(batch.activities.map((a) => a.file)).toEqual(['x.zip/c.fit']);
    expect(batch.skipped.map((s) => s.code)).toEqual(['wrong_type', 'xml_entities']);
  });
});

describe('errors', () => {
  it('are typed, carry the file and a code, and map to HTTP statuses', () => {
    const e = new FileImportError('a.fit', 'zip_bomb', 'expands too much');
    expect(e.message).toBe('a.fit: expands too much');
    expect(e.status).toBe(413);
    expect(new FileImportError('a.fit', 'invalid_xml', 'x').status).toBe(400);
    expect(e.details).toEqual({ file: 'a.fit', reason: 'zip_bomb' });
  });
});
