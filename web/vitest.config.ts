import { defineConfig, mergeConfig } from 'vitest/config';
import viteConfig from './vite.config.ts';

/**
 * The web tests as a vitest project (the root config can list `web/vitest.config.ts` under
 * `test.projects`). Each test file still names its environment (`// @vitest-environment happy-dom`).
 */
export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      name: 'web',
      include: ['src/**/*.test.ts'],
      environment: 'happy-dom',
      css: false,
      // Vant and Element Plus import their CSS from JS: let vite (not Node) load them
      server: { deps: { inline: ['vant', 'element-plus'] } },
    },
  }),
);
