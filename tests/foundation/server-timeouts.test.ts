import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/core/config';
import { boundPublicUrl, listen } from '../../src/platform/node/serve';

describe('the Node server', () => {
  it('drops slow clients: headers within 15 s, a whole request within 60 s, idle keep-alive 5 s', async () => {
    const { server, port } = await listen(() => new Response('ok'), '127.0.0.1', 0);
    try {
      expect(port).toBeGreaterThan(0);
      expect(server.headersTimeout).toBe(15_000);
      expect(server.requestTimeout).toBe(60_000);
      expect(server.keepAliveTimeout).toBe(5_000);
      expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('ok');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('PORT=0 without PUBLIC_URL: links carry the port the server got, not :0', () => {
    const unset = parseConfig({ PORT: '0', DATA_DIR: '/tmp/x' });
    expect(unset.PUBLIC_URL).toBe('http://localhost:0');
    expect(boundPublicUrl(unset.PUBLIC_URL, 41234)).toBe('http://localhost:41234');
    // a PUBLIC_URL the admin set is kept as it is
    const set = parseConfig({ PORT: '0', DATA_DIR: '/tmp/x', PUBLIC_URL: 'https://hardday.example.org' });
    expect(boundPublicUrl(set.PUBLIC_URL, 41234)).toBe('https://hardday.example.org');
  });
});
