// Builds dist/ from src/ and the pinned packages of package-lock.json:
// dist/index.html and dist/graphiql.html, and dist/assets/ (the app, GraphiQL
// with its Monaco workers, the Khmer and Chinese fonts, Cambodia's outline). The output is
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
// Latin comes from the system's sans-serif, Chinese from Noto Sans SC below.
for (const w of [400, 700]) {
  const f = `noto-sans-khmer-khmer-${w}-normal.woff2`;
  copyFileSync(`node_modules/@fontsource/noto-sans-khmer/files/${f}`, `${out}/assets/fonts/${f}`);
}
copyFileSync('node_modules/@fontsource/noto-sans-khmer/LICENSE', `${out}/assets/fonts/LICENSE-noto-sans-khmer.txt`);

// Noto Sans SC (SIL Open Font License), regular only (Chinese appears in
// aliases, never in bold). fontsource splits it into numbered slices, each
// with its unicode-range, so a browser fetches only the slices holding the
// page's characters. The @font-face blocks come from fontsource's 400.css,
// with each unicode-range cut down to the CJK blocks: the slices also carry
// Latin, symbols and emoji, which stay with the system's fonts. Slices left
// with nothing are not copied. app.css imports the result as 'fonts:noto-sans-sc'.
const CJK = [[0x2e80, 0x9fff], [0xf900, 0xfaff], [0xfe30, 0xfe4f], [0xff00, 0xffef], [0x20000, 0x2fa1f]];
const scDir = 'node_modules/@fontsource/noto-sans-sc';
const scCSS = [];
for (const [, name, body] of readFileSync(`${scDir}/400.css`, 'utf8').matchAll(/\/\* (noto-sans-sc-\[\d+\]-400-normal) \*\/\s*@font-face \{([^}]*)\}/g)) {
  const ranges = [];
  for (const r of /unicode-range:\s*([^;]*);/.exec(body)[1].split(',')) {
    const [a, b = a] = r.trim().slice(2).split('-').map((x) => parseInt(x, 16));
    for (const [lo, hi] of CJK) if (a <= hi && b >= lo) ranges.push([Math.max(a, lo), Math.min(b, hi)]);
  }
  if (!ranges.length) continue;
  const f = `${name.replace(/[[\]]/g, '')}.woff2`;
  copyFileSync(`${scDir}/files/${f}`, `${out}/assets/fonts/${f}`);
  const hex = (x) => x.toString(16);
  scCSS.push(`@font-face {
  font-family: 'Noto Sans SC';
  font-style: normal;
  font-display: swap;
  font-weight: 400;
  src: url(/assets/fonts/${f}) format('woff2');
  unicode-range: ${ranges.map(([a, b]) => (a === b ? `U+${hex(a)}` : `U+${hex(a)}-${hex(b)}`)).join(', ')};
}`);
}
copyFileSync(`${scDir}/LICENSE`, `${out}/assets/fonts/LICENSE-noto-sans-sc.txt`);
const fontsPlugin = {
  name: 'fonts',
  setup(build) {
    build.onResolve({ filter: /^fonts:noto-sans-sc$/ }, (a) => ({ path: a.path, namespace: 'fonts' }));
    build.onLoad({ filter: /.*/, namespace: 'fonts' }, () => ({ contents: scCSS.join('\n') + '\n', loader: 'css' }));
  },
};

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
await esbuild.build({ ...common, entryPoints: { app: 'src/app.css' }, plugins: [fontsPlugin] });
await esbuild.build({
  ...common,
  entryPoints: {
    graphiql: 'src/graphiql.js',
    'editor.worker': 'monaco-editor/esm/vs/editor/editor.worker.js',
    'json.worker': 'monaco-editor/esm/vs/language/json/json.worker.js',
    'graphql.worker': 'monaco-graphql/esm/graphql.worker.js',
  },
});
