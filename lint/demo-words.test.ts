import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The demo county's words (its rooms and services) belong to its data (`server/src/demo/`), never
 * to the product: a real center names its own services, venues and notes in the console. Comments
 * may mention the demo; text a user can see may not.
 */
// 两不误: the demo's slogan for its two neighbouring services (理发、问诊两不误), not the product's words
const DEMO_WORDS = ['排练厅', '健康小屋', '理发屋', '两不误'];
const ROOTS = ['web/src', 'server/src'];

const repo = path.resolve(import.meta.dirname, '..');

function* productFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    const rel = path.relative(repo, full);
    if (statSync(full).isDirectory()) {
      if (name === 'demo' || name === 'node_modules' || name === 'dist') continue;
      yield* productFiles(full);
    } else if (/\.(ts|vue)$/.test(name) && !/\.test\.ts$/.test(name)) yield rel;
  }
}

/** The file without comments: block comments, line comments and HTML comments. */
export function withoutComments(source: string): string {
  return source
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

describe('demo words stay out of the product', () => {
  it('finds none of the demo county’s words in product code outside comments', () => {
    const found: string[] = [];
    for (const root of ROOTS)
      for (const file of productFiles(path.join(repo, root))) {
        const text = withoutComments(readFileSync(path.join(repo, file), 'utf8'));
        for (const word of DEMO_WORDS) if (text.includes(word)) found.push(`${file}: ${word}`);
      }
    expect(found).toEqual([]);
  });

  it('sees a demo word in a string and ignores it in a comment', () => {
    expect(withoutComments("// 健康小屋\nconst hint = '去健康小屋';")).toContain('健康小屋');
    expect(withoutComments('/** 健康小屋 */\n// 排练厅\nconst url = "http://x";')).not.toMatch(/健康小屋|排练厅/);
  });
});
