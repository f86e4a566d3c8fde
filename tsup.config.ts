import { defineConfig } from 'tsup';

/**
 * One bundle per public entry point, each in ESM and CJS with its own `.d.ts` / `.d.cts`.
 * Runtime dependencies (ky, zod) and the optional peer msw stay external.
 */
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'cove/index': 'src/cove/index.ts',
    'dbackup/index': 'src/dbackup/index.ts',
    'normalize/index': 'src/normalize/index.ts',
    'testing/index': 'src/testing/index.ts',
    'cli/mock-server': 'src/cli/mock-server.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: false,
  splitting: true,
  treeshake: true,
  target: 'node22',
  platform: 'neutral',
  removeNodeProtocol: false,
  external: ['ky', 'zod', 'msw', 'msw/node', /^node:/],
});
