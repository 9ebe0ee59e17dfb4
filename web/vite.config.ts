import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import { precompress } from './build/precompress';
import { vantIconsAsSvg } from './build/vant-icons';

const apiTarget = process.env.ZHONGLI_API ?? 'http://localhost:3000';

export default defineConfig({
  plugins: [vue(), vantIconsAsSvg(), precompress()],
  server: {
    port: 5173,
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
      '/healthz': { target: apiTarget, changeOrigin: false },
    },
  },
  preview: {
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
      '/healthz': { target: apiTarget, changeOrigin: false },
    },
  },
  build: {
    // WeChat's in-app browser on older Android phones is a Chromium 69-era X5/XWeb core, and
    // older iPhones run Safari 12: syntax newer than ES2019 (?. ?? class fields) must be lowered.
    target: ['es2019', 'chrome69', 'safari12'],
    cssTarget: ['chrome69', 'safari12'],
    chunkSizeWarningLimit: 900,
    rolldownOptions: {
      output: {
        codeSplitting: {
          // Everything the app loads before its first page (Vue, the router, the resident home, the kit) in
          // one file: on a phone link each extra file is another request's headers and, six at a time,
          // another wait (issue 15). Lazy pages stay their own chunks.
          groups: [{ name: 'app', tags: ['$initial'] }],
        },
      },
    },
  },
});
