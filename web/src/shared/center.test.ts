import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { absoluteUrl } from './center';

describe('absoluteUrl', () => {
  it('joins the public address and a path with exactly one slash', () => {
    expect(absoluteUrl('https://zhongli.example.cn', '/menu/2026-W49')).toBe(
      'https://zhongli.example.cn/menu/2026-W49',
    );
    expect(absoluteUrl('https://zhongli.example.cn/', 'shop/items/3')).toBe('https://zhongli.example.cn/shop/items/3');
    expect(absoluteUrl('https://example.cn/county', '/points/rules?communityId=2')).toBe(
      'https://example.cn/county/points/rules?communityId=2',
    );
  });

  it('gives no link at all while the address is not set (never the page’s own address)', () => {
    expect(absoluteUrl(null, '/menu/2026-W49')).toBe('');
    expect(absoluteUrl('', '/menu/2026-W49')).toBe('');
  });
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return sourceFiles(file);
    return /\.(ts|vue)$/.test(name) && !name.endsWith('.test.ts') ? [file] : [];
  });
}

describe('absolute links on the web', () => {
  it('come only from usePublicUrl: no page builds one on location.origin', () => {
    const root = path.resolve(import.meta.dirname, '..');
    const offenders = sourceFiles(root).filter((file) => /location\.origin/.test(readFileSync(file, 'utf8')));
    expect(offenders.map((file) => path.relative(root, file))).toEqual([]);
  });
});
