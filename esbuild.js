// One bundle per target; type checking is a separate gate (`npm run typecheck`).
const fs = require('fs');
const path = require('path');
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const { version } = require('./package.json');
const watch = process.argv.includes('--watch');

/** Prints errors in the format VS Code's esbuild problem matcher understands. */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

const targets = [
  {
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
  },
  {
    // The VS Code extension host loads this; `vscode` is provided by the host (external below).
    entryPoints: ['src/extension/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
  {
    // The one worker-thread bundle: the comparison thread the extension host starts and the
    // pool's threads (src/threads/pool.ts looks for it next to the bundle that starts it); one
    // bundle so the readers and the engine ship once. Pure Node, no vscode.
    entryPoints: ['src/threads/worker.ts'],
    outfile: 'dist/worker.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
  {
    // The DuckDB child process (src/core/sources/duckdb.ts starts it from next to its bundle).
    entryPoints: ['src/core/sources/duckdbChild.ts'],
    outfile: 'dist/duckdbChild.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
  {
    // The report webview (src/webview, DOM only; Chart.js bundled, no CDN). Also inlined into
    // standalone HTML reports, so it must not need anything else at run time.
    entryPoints: ['src/webview/main.ts'],
    outfile: 'dist/webview.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
  {
    // Its stylesheet, copied next to it so dist/ alone serves the panel and the CLI's HTML.
    entryPoints: ['media/report.css'],
    outfile: 'dist/report.css',
    sourcemap: false,
  },
];

async function main() {
  // A clean dist/: a production build after a development one must not leave source maps (or
  // bundles that no longer exist) behind for the .vsix to pick up.
  if (!watch) fs.rmSync(path.join(__dirname, 'dist'), { recursive: true, force: true });
  const contexts = await Promise.all(
    targets.map((t) =>
      esbuild.context({
        bundle: true,
        minify: production,
        sourcemap: !production,
        sourcesContent: false,
        // sharp is native (libvips binaries in its npm packages) and DuckDB's binding loads its own
        // .node file: both are loaded from node_modules at run time. pg-native is pg's optional
        // native driver, not installed.
        external: ['vscode', 'sharp', '@duckdb/node-api', 'pg-native'],
        define: { DRIFT_INSPECTOR_VERSION: JSON.stringify(version) },
        logLevel: watch ? 'silent' : 'warning',
        plugins: watch ? [problemMatcher] : [],
        ...t,
      }),
    ),
  );
  if (watch) {
    await Promise.all(contexts.map((c) => c.watch()));
  } else {
    await Promise.all(contexts.map((c) => c.rebuild()));
    await Promise.all(contexts.map((c) => c.dispose()));
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
