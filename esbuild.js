// One bundle per target; type checking is a separate gate (`npm run typecheck`).
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
    // The comparison worker thread the extension host starts (pure Node, no vscode).
    entryPoints: ['src/threads/compareWorker.ts'],
    outfile: 'dist/compareWorker.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
  {
    // A timeline panel's worker thread (keeps the pair's columns while the panel is open).
    entryPoints: ['src/threads/timelineWorker.ts'],
    outfile: 'dist/timelineWorker.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
  {
    // The worker threads that parse CSV chunks and test columns for the CLI and the comparison
    // worker; src/threads/pool.ts looks for it next to the bundle that starts it.
    entryPoints: ['src/threads/poolWorker.ts'],
    outfile: 'dist/poolWorker.js',
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
  const contexts = await Promise.all(
    targets.map((t) =>
      esbuild.context({
        bundle: true,
        minify: production,
        sourcemap: !production,
        sourcesContent: false,
        external: ['vscode'],
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
