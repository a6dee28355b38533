// @ts-check
// `npm run demo`: the extension in a real VS Code (code-server) on the bundled samples/ folder
// (cars of 1970-75 vs 1976-82: real drift). Prints the URL; Ctrl+C stops everything by PID.
'use strict';

const path = require('path');
const { ensureCodeServer } = require('./install-code-server');
const { startCodeServer } = require('./code-server');
const { installExtension, vsixPath } = require('./install-extension');
const { repoRoot } = require('./paths');
const { registerProcessTree } = require('./processes');
const { startDemoService } = require('../../demo/run-service');

async function main() {
  ensureCodeServer();
  const folder = path.join(repoRoot, 'samples');
  const port = process.env.DRIFT_DEMO_PORT ? Number(process.env.DRIFT_DEMO_PORT) : undefined;
  // The model service the Health view follows: prom-client, with its own light load.
  const service = await startDemoService({ loadRps: 20 });
  // Ctrl+C reaches the harness's handler (processes.js), which stops the registered trees by PID
  // and exits before an async stop could run: register the service there too.
  registerProcessTree(service.pid);
  const server = await startCodeServer({
    folder,
    port,
    settings: {
      'driftInspector.health.endpoints': [{ name: 'demo model service', url: `${service.url}/metrics` }],
      'driftInspector.health.pollIntervalSeconds': 2,
    },
    keepRunDir: false,
    timeoutMs: 120_000,
    // The platform package, with every feature (image folders, DuckDB), as the Marketplace would
    // serve it to this linux-x64 machine.
    beforeStart: (dirs) => installExtension(dirs, vsixPath('linux-x64')),
  });
  const url = `${server.baseUrl}/?folder=${encodeURIComponent(folder)}`;
  console.log(`\nDrift Inspector demo: open ${url}`);
  console.log('Then run "Drift Inspector: Compare datasets for drift" (F1), pick cars-reference.csv, then cars-current.csv.');
  console.log('Or select both files in the Explorer, right-click, "Compare datasets for drift".');
  console.log(`The Drift Inspector activity bar shows the Health of the demo service (${service.url}/metrics). Ctrl+C to stop.\n`);
  const stop = async () => {
    await server.stop();
    await service.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
