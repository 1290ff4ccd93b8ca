import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/core/config';

describe('configuration', () => {
  it('applies the contract defaults', () => {
    const c = parseConfig({});
    expect(c.PORT).toBe(8787);
    expect(c.HOST).toBe('127.0.0.1');
    expect(c.DATABASE_PATH).toBe('./data/hardday.db');
    expect(c.STRAVA_API_URL).toBe('https://www.strava.com/api/v3');
    expect(c.STRAVA_OAUTH_URL).toBe('https://www.strava.com/oauth');
    expect(c.LOG_LEVEL).toBe('info');
  });

  it('names the variable and the problem when a value is bad', () => {
    expect(() => parseConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => parseConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => parseConfig({ STRAVA_API_URL: 'not a url' })).toThrow(/STRAVA_API_URL must be an http\(s\) URL/);
    expect(() => parseConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
  });

  it('requires the verify token and both credentials once Strava is enabled', () => {
    expect(() => parseConfig({ STRAVA_CLIENT_ID: '123', STRAVA_CLIENT_SECRET: 's' })).toThrow(/STRAVA_VERIFY_TOKEN is required/);
    expect(() => parseConfig({ STRAVA_CLIENT_ID: '123' })).toThrow(/STRAVA_CLIENT_SECRET/);
    const ok = parseConfig({ STRAVA_CLIENT_ID: '123', STRAVA_CLIENT_SECRET: 's', STRAVA_VERIFY_TOKEN: 'verify-me-please' });
    expect(ok.STRAVA_CLIENT_ID).toBe('123');
  });

  it('does not echo secret values in the message', () => {
    expect(() => parseConfig({ SECRET_KEY: 'short-secret' })).toThrow(/SECRET_KEY must be at least 32/);
    try {
      parseConfig({ SECRET_KEY: 'short-secret' });
    } catch (e) {
      expect(String(e)).not.toContain('short-secret');
    }
  });

  it('strips trailing slashes from base URLs so paths join cleanly', () => {
    expect(parseConfig({ STRAVA_API_URL: 'http://127.0.0.1:9999/api/v3/' }).STRAVA_API_URL).toBe('http://127.0.0.1:9999/api/v3');
  });

  it('stops start-up with one line naming the variable', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/entries/node.ts', 'serve'], {
      env: { ...process.env, PORT: '99999', DATABASE_PATH: ':memory:' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toMatch(/^Invalid configuration: PORT .*65535/);
  });
});
