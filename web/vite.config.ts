import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
/** The Atlas server that `vite` (dev) and `vite preview` forward API and tile requests to. */
const apiTarget = process.env['ATLAS_DEV_API'] ?? 'http://127.0.0.1:3000';

/** Fills the few strings of index.html (title, description, noscript) from the default-locale messages. */
function htmlMessages(): Plugin {
  const escape = (s: string) =>
    s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return {
    name: 'atlas-html-messages',
    transformIndexHtml(html) {
      const ro = JSON.parse(readFileSync(new URL('./src/messages/ro.json', import.meta.url), 'utf8')) as {
        app: { title: string; tagline: string; noscript: string };
      };
      return html
        .replaceAll('%ATLAS_TITLE%', escape(ro.app.title))
        .replaceAll('%ATLAS_TAGLINE%', escape(ro.app.tagline))
        .replaceAll('%ATLAS_NOSCRIPT%', escape(ro.app.noscript));
    },
  };
}

export default defineConfig({
  root,
  plugins: [svelte(), htmlMessages()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // maplibre-gl is one large chunk by nature; do not warn about it on every build.
    chunkSizeWarningLimit: 1500,
  },
  // maplibre-gl 6 finds its module worker relative to its own file: pre-bundling would break that in dev.
  optimizeDeps: { exclude: ['maplibre-gl'] },
  server: {
    proxy: {
      '/api': apiTarget,
      '/tiles': apiTarget,
      '/ogc': apiTarget,
    },
  },
  preview: {
    proxy: {
      '/api': apiTarget,
      '/tiles': apiTarget,
      '/ogc': apiTarget,
    },
  },
});
