// Builds dist/ from src/ and the pinned packages of package-lock.json:
// dist/index.html and dist/graphiql.html, and dist/assets/ (the app, GraphiQL
// with its Monaco workers, the Khmer font, Cambodia's outline). The output is
// deterministic: no hashes of time, no source maps, sorted and rounded
// GeoJSON, so `make check-web` can rebuild and diff it.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { feature } from 'topojson-client';

const out = 'dist';
rmSync(out, { recursive: true, force: true });
mkdirSync(`${out}/assets/fonts`, { recursive: true });

// The pages.
for (const page of ['index.html', 'graphiql.html']) copyFileSync(`src/${page}`, `${out}/${page}`);

// Noto Sans Khmer (SIL Open Font License), the Khmer subset at two weights:
// Latin comes from the system's sans-serif, Chinese from the system's CJK
// font (see README: no CJK font is bundled).
for (const w of [400, 700]) {
  const f = `noto-sans-khmer-khmer-${w}-normal.woff2`;
  copyFileSync(`node_modules/@fontsource/noto-sans-khmer/files/${f}`, `${out}/assets/fonts/${f}`);
}
copyFileSync('node_modules/@fontsource/noto-sans-khmer/LICENSE', `${out}/assets/fonts/LICENSE-noto-sans-khmer.txt`);

// Cambodia and its neighbours from world-atlas (Natural Earth, public
// domain), 1:50m, coordinates rounded to 3 decimals (about 100 m).
const topo = JSON.parse(readFileSync('node_modules/world-atlas/countries-50m.json', 'utf8'));
const wanted = { 116: 'Cambodia', 418: 'Laos', 704: 'Vietnam', 764: 'Thailand' };
const round = (c) => (typeof c[0] === 'number' ? c.map((x) => Math.round(x * 1000) / 1000) : c.map(round));
const countries = feature(topo, topo.objects.countries).features
  .filter((f) => wanted[Number(f.id)])
  .sort((a, b) => Number(a.id) - Number(b.id))
  .map((f) => ({
    type: 'Feature',
    id: String(Number(f.id)),
    properties: { name: wanted[Number(f.id)] },
    geometry: { type: f.geometry.type, coordinates: round(f.geometry.coordinates) },
  }));
writeFileSync(
  `${out}/assets/cambodia.geo.json`,
  JSON.stringify({
    type: 'FeatureCollection',
    attribution: 'Natural Earth via world-atlas 2.0.2 (public domain)',
    features: countries,
  }) + '\n',
);

const common = {
  bundle: true,
  minify: true,
  format: 'esm',
  target: 'es2022',
  legalComments: 'none',
  logLevel: 'warning',
  outdir: `${out}/assets`,
  entryNames: '[name]',
  assetNames: 'fonts/[name]-[hash]',
  loader: { '.ttf': 'file', '.woff': 'file', '.woff2': 'file' },
  define: { 'process.env.NODE_ENV': '"production"' },
  external: ['/assets/*'],
};
await esbuild.build({ ...common, entryPoints: { app: 'src/app.js' } });
await esbuild.build({ ...common, entryPoints: { app: 'src/app.css' } });
await esbuild.build({
  ...common,
  entryPoints: {
    graphiql: 'src/graphiql.js',
    'editor.worker': 'monaco-editor/esm/vs/editor/editor.worker.js',
    'json.worker': 'monaco-editor/esm/vs/language/json/json.worker.js',
    'graphql.worker': 'monaco-graphql/esm/graphql.worker.js',
  },
});
