import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig, unknownVariableWarnings } from '../../src/core/config';

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

  it('keeps its files in DATA_DIR (./data): the database by default, unless DATABASE_PATH says otherwise', () => {
    expect(parseConfig({}).DATA_DIR).toBe('./data');
    expect(parseConfig({ DATA_DIR: '/var/lib/hardday/' })).toMatchObject({ DATA_DIR: '/var/lib/hardday', DATABASE_PATH: '/var/lib/hardday/hardday.db' });
    expect(parseConfig({ DATA_DIR: '/var/lib/hardday', DATABASE_PATH: '/srv/db/h.db' })).toMatchObject({ DATA_DIR: '/var/lib/hardday', DATABASE_PATH: '/srv/db/h.db' });
  });

  it('PUBLIC_URL follows PORT unless it is set', () => {
    expect(parseConfig({}).PUBLIC_URL).toBe('http://localhost:8787');
    expect(parseConfig({ PORT: '9000' }).PUBLIC_URL).toBe('http://localhost:9000');
    expect(parseConfig({ PORT: '9000', PUBLIC_URL: 'https://hardday.example.org/' }).PUBLIC_URL).toBe('https://hardday.example.org');
  });

  it('says what a port is when PORT is not one', () => {
    for (const bad of ['abc', '-1', '99999', '80.5']) {
      expect(() => parseConfig({ PORT: bad })).toThrow(`PORT must be a port number from 0 to 65535 (0 picks a free one) (got "${bad}")`);
    }
    expect(() => parseConfig({ JOB_CONCURRENCY: 'four' })).toThrow('JOB_CONCURRENCY must be a number (got "four")');
  });

  it('warns about a misspelt variable with one of its prefixes, naming the nearest known one', () => {
    expect(unknownVariableWarnings({ STRAVA_CLIENTID: '123', PATH: '/bin', STRAVA_CLIENT_SECRET: 's' })).toEqual([
      'unknown environment variable STRAVA_CLIENTID is ignored: did you mean STRAVA_CLIENT_ID?',
    ]);
    expect(unknownVariableWarnings({ GOOGLE_CLIENT_SECERT: 'x', garmin_client_id: 'x', HARDDAY_PORT: '9000', HARDDAY_FROM_SOURCE: '1' })).toEqual([
      'unknown environment variable GOOGLE_CLIENT_SECERT is ignored: did you mean GOOGLE_CLIENT_SECRET?',
      'unknown environment variable HARDDAY_PORT is ignored: did you mean PORT?',
      'unknown environment variable garmin_client_id is ignored: did you mean GARMIN_CLIENT_ID?',
    ]);
    // far from every setting: said for hardday's own prefixes; Google's own tools' variables are left alone
    expect(unknownVariableWarnings({ STRAVA_ATHLETE: '1', GOOGLE_APPLICATION_CREDENTIALS: '/k.json' })).toEqual([
      "unknown environment variable STRAVA_ATHLETE is ignored: hardday has no such setting (see the README's Configuration)",
    ]);
    expect(unknownVariableWarnings({ STRAVA_CLIENT_ID: '1', GOOGLE_CLIENT_ID: 'x', PORT: '1' })).toEqual([]);
  });

  it('points at the typo when the variable it meant is reported missing', () => {
    expect(() => parseConfig({ STRAVA_CLIENTID: '123', STRAVA_CLIENT_SECRET: 's', STRAVA_VERIFY_TOKEN: 'verify-me-please' })).toThrow(
      'STRAVA_CLIENT_ID is required when the other Strava credential is set (STRAVA_CLIENTID is set: a typo of STRAVA_CLIENT_ID?)',
    );
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
