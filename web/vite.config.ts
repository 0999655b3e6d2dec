import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
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

/**
 * Precompresses the built files (Brotli at its best level and gzip) so that the server sends `.br` / `.gz` siblings
 * with `Content-Encoding` instead of compressing on every request.
 */
function precompress(): Plugin {
  const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt)$/;
  let outDir = '';
  return {
    name: 'atlas-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = join(config.root, config.build.outDir);
    },
    closeBundle() {
      const walk = (dir: string): string[] =>
        readdirSync(dir).flatMap((name) => {
          const path = join(dir, name);
          return statSync(path).isDirectory() ? walk(path) : [path];
        });
      for (const file of walk(outDir)) {
        if (!COMPRESSIBLE.test(file)) continue;
        const data = readFileSync(file);
        if (data.length < 1024) continue;
        writeFileSync(
          `${file}.br`,
          brotliCompressSync(data, {
            params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: data.length },
          }),
        );
        writeFileSync(`${file}.gz`, gzipSync(data, { level: 9 }));
      }
    },
  };
}

/** The placeholder in main.ts that `mapPreload` fills with the URLs of the map's lazy files. */
const MAP_PRELOAD_PLACEHOLDER = '__ATLAS_MAP_PRELOAD__';

/**
 * Writes into the entry script the URLs of the files the citizen's map loads lazily (the MapView and MapLibre chunks,
 * their styles, MapLibre's worker), so that main.ts can start fetching them as it starts, alongside its own requests,
 * instead of after the first paint and one after another (chunk, then worker). They are fetched, not run: MapLibre is
 * still evaluated after the first paint. index.html itself is left alone (its first-load JS stays the entry script).
 */
function mapPreload(): Plugin {
  return {
    name: 'atlas-map-preload',
    apply: 'build',
    generateBundle(_options, bundle) {
      const files = Object.values(bundle);
      const url = (fileName: string) => `/${fileName}`;
      const chunk = (name: string) => files.find((f) => f.type === 'chunk' && !f.isEntry && f.name === name)?.fileName;
      const asset = (pattern: RegExp) => files.find((f) => f.type === 'asset' && pattern.test(f.fileName))?.fileName;
      const found = {
        script: [chunk('MapView'), chunk('maplibre')],
        style: [asset(/\/maplibre-[^/]+\.css$/), asset(/\/MapView-[^/]+\.css$/)],
        worker: [asset(/\/maplibre-gl-worker-[^/]+\.m?js$/)],
      };
      const missing = Object.entries(found).flatMap(([kind, names]) => (names.includes(undefined) ? [kind] : []));
      if (missing.length) this.error(`the map's lazy ${missing.join(', ')} files were not found in the bundle`);
      const list = Object.entries(found)
        .flatMap(([kind, names]) => names.map((n) => `${kind}:${url(n!)}`))
        .join(' ');
      const entry = files.find((f) => f.type === 'chunk' && f.isEntry && f.code.includes(MAP_PRELOAD_PLACEHOLDER));
      if (!entry || entry.type !== 'chunk') return this.error('main.ts has no map preload placeholder');
      entry.code = entry.code.replace(MAP_PRELOAD_PLACEHOLDER, list);
    },
  };
}

export default defineConfig({
  root,
  plugins: [svelte(), htmlMessages(), precompress(), mapPreload()],
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
