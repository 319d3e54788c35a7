import swc from 'unplugin-swc';
import type { UserConfig } from 'vitest/config';

/** Nest needs decorator metadata, which only a full TypeScript transform (SWC here) emits. */
export const apiVitestBase: UserConfig = {
  plugins: [
    swc.vite({
      module: { type: 'es6' },
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        target: 'es2022',
      },
    }),
  ],
  oxc: false,
  resolve: { conditions: ['@hotpath/source', 'node', 'import', 'default'] },
  // Vitest hands these to Node as --conditions too: with `import` among them, a CommonJS package's require() of
  // a dual package would load its ES module build and get a namespace object.
  ssr: { resolve: { conditions: ['@hotpath/source', 'node'] } },
};
