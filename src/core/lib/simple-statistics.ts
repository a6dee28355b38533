/**
 * simple-statistics ships CommonJS (`require` export) but its types sit in an ES-module package,
 * which TypeScript's Node16 mode refuses to `import` from CommonJS. Requiring it with its own
 * types keeps both the runtime and the checks.
 */
const simpleStatistics: typeof import('simple-statistics', { with: { 'resolution-mode': 'import' } }) = require('simple-statistics');

export const { mean, sampleStandardDeviation } = simpleStatistics;
