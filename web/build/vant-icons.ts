import { readFileSync } from 'node:fs';
import type { Plugin } from 'vite';

const ICON_CSS = /[\\/]vant[\\/]es[\\/]icon[\\/]index\.css$/;

/**
 * Serves build/vant-icons.css in place of Vant's icon stylesheet, which every Vant component with an
 * icon imports: Vant's file carries its whole icon font as base64 (25 kB in the resident home's CSS,
 * downloaded on every first load) for the handful of icons these pages show.
 */
export function vantIconsAsSvg(): Plugin {
  const replacement = readFileSync(new URL('./vant-icons.css', import.meta.url), 'utf8');
  return {
    name: 'zhongli:vant-icons-as-svg',
    enforce: 'pre',
    load(id) {
      return ICON_CSS.test(id.split('?')[0]!) ? replacement : undefined;
    },
  };
}
