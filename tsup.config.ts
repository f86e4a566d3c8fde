import { defineConfig, type Options } from 'tsup';

const shared: Options = {
  sourcemap: false,
  splitting: true,
  treeshake: true,
  target: 'node22',
  removeNodeProtocol: false,
  external: ['ky', 'zod', 'msw', 'msw/node', /^node:/],
};

/**
 * One bundle per public entry point, each in ESM and CJS with its own `.d.ts` / `.d.cts`.
 * Runtime dependencies (ky, zod) and the optional peer msw stay external.
 *
 * The `backupchecks` bin is built separately into `dist/cli/` (ESM only, no types: nothing
 * imports it), so no library entry point can reach CLI code and the tarball ships only what
 * `exports` and `bin` use.
 */
export default defineConfig([
  {
    ...shared,
    entry: {
      index: 'src/index.ts',
      'cove/index': 'src/cove/index.ts',
      'dbackup/index': 'src/dbackup/index.ts',
      'normalize/index': 'src/normalize/index.ts',
      'testing/index': 'src/testing/index.ts',
    },
    format: ['esm', 'cjs'],
    dts: true,
    // Leave dist/cli to the bin build below (both builds run at once).
    clean: ['!cli', '!cli/**'],
    platform: 'neutral',
  },
  {
    ...shared,
    entry: { index: 'src/cli/main.ts' },
    outDir: 'dist/cli',
    format: ['esm'],
    dts: false,
    clean: true,
    platform: 'node',
  },
]);
