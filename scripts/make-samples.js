// Writes the bundled sample pairs in samples/ from the public vega-datasets package.
// cars: models of 1970-1975 (reference) vs 1976-1982 (current): the oil crisis made cars
// lighter and more frugal, a real drift. seattle-weather: 2012-2013 vs 2014-2015, mostly stable.
const fs = require('node:fs');
const path = require('node:path');

const data = path.join(__dirname, '..', 'node_modules', 'vega-datasets', 'data');
const out = path.join(__dirname, '..', 'samples');
fs.mkdirSync(out, { recursive: true });

function csvCell(v) {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function writeCsv(file, rows, columns) {
  const lines = [columns.map(csvCell).join(',')];
  for (const r of rows) lines.push(columns.map((c) => csvCell(r[c])).join(','));
  fs.writeFileSync(path.join(out, file), lines.join('\n') + '\n');
}

function writeJsonl(file, rows) {
  fs.writeFileSync(path.join(out, file), rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
}

const cars = JSON.parse(fs.readFileSync(path.join(data, 'cars.json'), 'utf8'));
const carColumns = Object.keys(cars[0]);
const year = (r) => Number(r.Year.slice(0, 4));
writeCsv('cars-reference.csv', cars.filter((r) => year(r) <= 1975), carColumns);
writeCsv('cars-current.csv', cars.filter((r) => year(r) > 1975), carColumns);
writeJsonl('cars-current.jsonl', cars.filter((r) => year(r) > 1975));

const weather = fs.readFileSync(path.join(data, 'seattle-weather.csv'), 'utf8').trim().split('\n');
const [header, ...rows] = weather;
const early = rows.filter((l) => l < '2014');
const late = rows.filter((l) => l >= '2014');
fs.writeFileSync(path.join(out, 'weather-reference.csv'), [header, ...early].join('\n') + '\n');
fs.writeFileSync(path.join(out, 'weather-current.csv'), [header, ...late].join('\n') + '\n');
console.log(`samples written to ${out}`);

// Test fixture pairs (test/fixtures/pairs): the engine's results on them are checked against
// scripts/scipy/gen_engine_cases.py, which redoes Evidently's default pipeline with pandas+scipy.
const pairs = path.join(__dirname, '..', 'test', 'fixtures', 'pairs');
fs.mkdirSync(pairs, { recursive: true });
const penguins = JSON.parse(fs.readFileSync(path.join(data, 'penguins.json'), 'utf8'));
const pCols = Object.keys(penguins[0]);
const half = Math.floor(penguins.length / 2);
const writePair = (name, ref, cur, columns) => {
  const w = (file, rows) => {
    const lines = [columns.map(csvCell).join(',')];
    for (const r of rows) lines.push(columns.map((c) => csvCell(r[c])).join(','));
    fs.writeFileSync(path.join(pairs, file), lines.join('\n') + '\n');
  };
  w(`${name}-reference.csv`, ref);
  w(`${name}-current.csv`, cur);
};
writePair('penguins-halves', penguins.slice(0, half), penguins.slice(half), pCols);
writePair('penguins-evenodd', penguins.filter((_, i) => i % 2 === 0), penguins.filter((_, i) => i % 2 === 1), pCols);
const flights = JSON.parse(fs.readFileSync(path.join(data, 'flights-5k.json'), 'utf8'));
const fCols = Object.keys(flights[0]);
writePair('flights-halves', flights.slice(0, 2500), flights.slice(2500), fCols);
// gapminder 1955-1980 vs 1985-2005: `pop` is all distinct in both files yet a measurement, not an id.
const gapminder = JSON.parse(fs.readFileSync(path.join(data, 'gapminder.json'), 'utf8'));
const gCols = Object.keys(gapminder[0]);
writePair('gapminder-years', gapminder.filter((r) => r.year <= 1980), gapminder.filter((r) => r.year > 1980), gCols);
console.log(`fixture pairs written to ${pairs}`);
