// @vitest-environment happy-dom
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TCenter } from '@zhongli/domain';
import { absoluteUrl, usePublicUrl } from './center';

beforeEach(() => setActivePinia(createPinia()));
afterEach(() => vi.unstubAllGlobals());

function serveCenter(center: TCenter): void {
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => new Response(JSON.stringify(center), { headers: { 'Content-Type': 'application/json' } })),
  );
}

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

describe('usePublicUrl', () => {
  it('links on the address /api/public/center gives, whatever address the page was opened at', async () => {
    serveCenter({ name: '闻喜县社区服务中心', publicUrl: 'https://wenxi.example.cn', publicUrlSource: 'center' });
    const { linkTo, missing } = usePublicUrl();
    await vi.waitFor(() => expect(linkTo('/merchants/4')).toBe('https://wenxi.example.cn/merchants/4'));
    expect(location.origin).not.toBe('https://wenxi.example.cn');
    expect(missing.value).toBe(false);
  });

  it('says the address is missing, and gives no link, once the center answered without one', async () => {
    serveCenter({ name: '闻喜县社区服务中心', publicUrl: null, publicUrlSource: null });
    const { linkTo, missing } = usePublicUrl();
    expect(missing.value).toBe(false); // not before the answer: no notice flashing on every page load
    await vi.waitFor(() => expect(missing.value).toBe(true));
    expect(linkTo('/menu/2026-W49')).toBe('');
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
