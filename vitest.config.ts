import { defineConfig } from 'vitest/config';

// Two projects: `unit` (beside the source, no database) and `integration` (one shared database per run: the
// embedded engine by default, the PostGIS server of DATABASE_URL when it is set; plus the browser tests).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{db,server,tiles,data-import,web}/**/*.test.ts'],
          exclude: ['**/node_modules/**', '**/dist/**'],
          // The legend document as /api/client-config serves it, for the web's tests (inject('servedLegend')).
          globalSetup: ['test/support/served-legend-setup.ts'],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          // All integration files share one database connection in one process: PGlite is single-connection and
          // opening it costs seconds.
          pool: 'forks',
          maxWorkers: 1,
          isolate: false,
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
