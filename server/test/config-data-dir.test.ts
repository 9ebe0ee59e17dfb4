import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig, resolveDataDir } from '../src/config.js';

/** A relative DATA_DIR is read from the repository root (README), not from `server/` where `npm start` runs. */
let scratch: string;
let root: string;
let cwd: string;
const fresh = () => {
  scratch = mkdtempSync(path.join(tmpdir(), 'zhongli-datadir-'));
  root = path.join(scratch, 'repo');
  cwd = path.join(root, 'server');
  mkdirSync(cwd, { recursive: true });
};
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

describe('DATA_DIR', () => {
  it('resolves a relative path against the repository root, the default too', () => {
    fresh();
    expect(resolveDataDir('./data', { root, cwd })).toEqual({ dataDir: path.join(root, 'data') });
    expect(resolveDataDir(undefined, { root, cwd })).toEqual({ dataDir: path.join(root, 'data') });
    const config = loadConfig({ SESSION_SECRET: 'x'.repeat(32) }, { root, cwd });
    expect(config.dataDir).toBe(path.join(root, 'data'));
    expect(config.dataDirWarning).toBeUndefined();
  });

  it('keeps an absolute path as it is', () => {
    fresh();
    expect(resolveDataDir(path.join(scratch, 'elsewhere'), { root, cwd })).toEqual({
      dataDir: path.join(scratch, 'elsewhere'),
    });
  });

  it('keeps using the old place (under the working directory) when only it holds data, and says so', () => {
    fresh();
    mkdirSync(path.join(cwd, 'data'));
    writeFileSync(path.join(cwd, 'data', 'zhongli.sqlite'), '');
    const config = loadConfig({ SESSION_SECRET: 'x'.repeat(32) }, { root, cwd });
    expect(config.dataDir).toBe(path.join(cwd, 'data'));
    expect(config.dataDirWarning).toContain(path.join(root, 'data'));
    expect(config.dataDirWarning).toContain(path.join(cwd, 'data'));
  });

  it('prefers the repository root once it holds data', () => {
    fresh();
    for (const dir of [path.join(cwd, 'data'), path.join(root, 'data')]) {
      mkdirSync(dir);
      writeFileSync(path.join(dir, 'session-secret'), 'x'.repeat(64));
    }
    expect(resolveDataDir('data', { root, cwd })).toEqual({ dataDir: path.join(root, 'data') });
  });
});
