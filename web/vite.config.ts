import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import { precompress } from './build/precompress.ts';
import { vantIconsAsSvg } from './build/vant-icons.ts';

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
  },
});
