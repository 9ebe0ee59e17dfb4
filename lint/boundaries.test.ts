import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { pathBetween } from './boundaries.js';

// The boundaries run through the repository's real ESLint configuration, on source text placed at
// real paths, so a mistake in eslint.config.js shows here as well as one in lint/boundaries.js.
const root = path.resolve(import.meta.dirname, '..');
const eslint = new ESLint({ cwd: root });

async function ruleIdsFor(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe('module boundaries (npm run lint)', () => {
  it('refuses node:fs, fs and other packages in domain/, and accepts zod and relative files', async () => {
    expect(
      await ruleIdsFor(
        'domain/src/points/example.ts',
        "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n",
      ),
    ).toContain('zhongli/domain-pure');
    expect(
      await ruleIdsFor(
        'domain/src/points/example.ts',
        "import { readFileSync } from 'fs';\nexport const x = readFileSync;\n",
      ),
    ).toContain('zhongli/domain-pure');
    expect(
      await ruleIdsFor('domain/src/points/example.ts', "import { sql } from 'kysely';\nexport const x = sql;\n"),
    ).toContain('zhongli/domain-pure');
    expect(
      await ruleIdsFor(
        'domain/src/points/example.ts',
        "import { z } from 'zod';\nimport { countyDateOf } from '../shared/dates.js';\nexport const x = [z, countyDateOf];\n",
      ),
    ).toEqual([]);
  });

  it('refuses a repository import in a route file', async () => {
    const code = "import * as repo from './services.repository.js';\nexport const x = repo;\n";
    expect(await ruleIdsFor('server/src/modules/services/example.routes.ts', code)).toContain('zhongli/thin-routes');
    expect(await ruleIdsFor('server/src/modules/services/example.service.ts', code)).not.toContain(
      'zhongli/thin-routes',
    );
  });

  it("refuses reaching into another module's files, and accepts its index", async () => {
    const inside =
      "import { findResident } from '../residents/residents.repository.js';\nexport const x = findResident;\n";
    expect(await ruleIdsFor('server/src/modules/shop/example.service.ts', inside)).toContain('zhongli/module-entry');
    const web = "import { formatPoints } from '../../points/format';\nexport const x = formatPoints;\n";
    expect(await ruleIdsFor('web/src/modules/shop/views/Example.ts', web)).toContain('zhongli/module-entry');
    const entry = "import { recordAudit } from '../audit/index.js';\nexport const x = recordAudit;\n";
    expect(await ruleIdsFor('server/src/modules/shop/example.service.ts', entry)).not.toContain('zhongli/module-entry');
  });
});

describe('the kits', () => {
  it('refuses a module import in web/src/shared and server/src/platform', async () => {
    const web = "import { GapsBanner } from '../modules/services';\nexport const x = GapsBanner;\n";
    expect(await ruleIdsFor('web/src/shared/Example.ts', web)).toContain('zhongli/kit-below-modules');
    expect(await ruleIdsFor('web/src/shell/Example.ts', web)).not.toContain('zhongli/kit-below-modules');
    const server = "import { recordAudit } from '../modules/audit/index.js';\nexport const x = recordAudit;\n";
    expect(await ruleIdsFor('server/src/platform/example.ts', server)).toContain('zhongli/kit-below-modules');
  });
});

describe('module cycles', () => {
  it('finds the way back from the imported module to the importer, or none', () => {
    const graph = new Map([
      ['menus', new Set(['activities'])],
      ['activities', new Set(['audit', 'points'])],
      ['points', new Set(['audit'])],
      ['audit', new Set<string>()],
    ]);
    expect(pathBetween(graph, 'activities', 'menus')).toBeNull();
    graph.get('points')!.add('menus');
    expect(pathBetween(graph, 'activities', 'menus')).toEqual(['activities', 'points', 'menus']);
  });
});
