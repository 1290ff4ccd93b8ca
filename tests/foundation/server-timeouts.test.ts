import { describe, expect, it } from 'vitest';
import { listen } from '../../src/platform/node/serve';

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
});
