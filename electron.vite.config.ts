import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'
import { resolve } from 'node:path'
import type { Plugin } from 'vite'
import { META_CONTENT_SECURITY_POLICY } from './src/shared/csp'

/**
 * The CSP also as a <meta> in the built page, so it holds even where no response header is added (a file:// load).
 * Build only: the dev server's React refresh preamble is an inline script and HMR needs its websocket.
 */
function cspMeta(): Plugin {
  return {
    name: 'workbench-csp-meta',
    apply: 'build',
    transformIndexHtml: (html) =>
      html.replace(
        '<meta charset="UTF-8" />',
        `<meta charset="UTF-8" />\n    <meta http-equiv="Content-Security-Policy" content="${META_CONTENT_SECURITY_POLICY}" />`,
      ),
  }
}

/**
 * Three builds: main (the Electron entry plus the Node entries for browser mode and the CLI, which share every
 * service), the sandboxed preload (one CommonJS file that imports only `electron`), and the renderer.
 */
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          web: resolve(__dirname, 'src/main/web.ts'),
          cli: resolve(__dirname, 'src/main/cli.ts'),
          demoWorker: resolve(__dirname, 'src/main/demoWorker.ts'),
          importWorker: resolve(__dirname, 'src/main/importWorker.ts'),
          syncWorker: resolve(__dirname, 'src/main/syncWorker.ts'),
        },
        external: ['better-sqlite3', 'electron', 'playwright-core'],
        output: { format: 'cjs', entryFileNames: '[name].js' },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload can require only `electron`: bundle zod and the shared contract into it.
      externalizeDeps: false,
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs', inlineDynamicImports: true },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      minify: true,
      rollupOptions: { input: resolve(__dirname, 'src/renderer/index.html') },
      chunkSizeWarningLimit: 4000,
    },
    plugins: [react(), cspMeta()],
  },
})
