// A target's history: its recent final checks, a chart of verdicts and per-region total time,
// and new final verdicts of this host added as they stream in.
import { el, fetchJson, fmtDateTime, fmtMs, verdictChip, stream, VERDICTS } from './common.js';

const $ = id => document.getElementById(id);
const LIMIT = 50; // what the history API keeps per host
const SVG = 'http://www.w3.org/2000/svg';
const VERDICT_FILL = { UP: '#1a7f37', DEGRADED: '#bf8700', REGIONAL_OUTAGE: '#d1580b', GLOBAL_OUTAGE: '#cf222e', INCONCLUSIVE: '#6e7781', PENDING: '#0969da' };
const REGION_COLOURS = ['#0969da', '#8250df', '#1a7f37', '#bf3989', '#953800', '#0a7a8f', '#6e7781', '#4d2d00'];

const host = decodeURIComponent(location.pathname.replace(/^\/t\//, '')).toLowerCase();
let checks = [];

function svg(tag, attrs = {}, ...children) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return e;
}

function totalsByRegion(check) {
  const out = {};
  for (const r of check.regions) {
    const ms = r.results.map(x => x.timings && x.timings.totalMs).filter(x => x !== null && x !== undefined);
    if (ms.length) out[r.region] = Math.min(...ms);
  }
  return out;
}

/** Oldest left, newest right: a strip of verdicts on top, a line of total time per region below. */
function chart(list) {
  // drawn at the width it is shown at, so its text stays readable on a phone
  const W = Math.max(300, Math.min(960, $('chart').clientWidth || 720)), H = 240, L = 52, R = 12, TOP = 30, B = 28;
  const ordered = [...list].reverse();
  const regions = [...new Set(ordered.flatMap(c => c.regions.map(r => r.region)))].sort();
  const colour = r => REGION_COLOURS[regions.indexOf(r) % REGION_COLOURS.length];
  const max = Math.max(10, ...ordered.flatMap(c => Object.values(totalsByRegion(c))));
  const n = ordered.length;
  const x = i => L + (n === 1 ? (W - L - R) / 2 : i * (W - L - R) / (n - 1));
  const y = ms => TOP + 8 + (H - TOP - B - 8) * (1 - ms / max);
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img',
    'aria-label': `${n} checks of ${host}: verdicts and total time per region, slowest ${fmtMs(max)}` });
  root.append(svg('title', {}, `Verdicts and total time per region, ${n} checks`));
  for (const frac of [0, 0.5, 1]) {
    const ms = Math.round(max * frac);
    root.append(svg('line', { x1: L, x2: W - R, y1: y(ms), y2: y(ms), stroke: '#d0d7de' }),
      svg('text', { x: L - 6, y: y(ms) + 4, 'text-anchor': 'end' }, fmtMs(ms)));
  }
  const cell = Math.max(3, Math.min(16, (W - L - R) / Math.max(n, 1) - 2));
  ordered.forEach((c, i) => {
    const r = svg('rect', { x: x(i) - cell / 2, y: 6, width: cell, height: 14, rx: 2, fill: VERDICT_FILL[c.verdict] || '#6e7781' });
    r.append(svg('title', {}, `${fmtDateTime(c.createdAt)}: ${(VERDICTS[c.verdict] || {}).word || c.verdict}`));
    root.append(r);
  });
  for (const region of regions) {
    const pts = ordered.map((c, i) => [i, totalsByRegion(c)[region]]).filter(p => p[1] !== undefined);
    if (pts.length > 1) {
      root.append(svg('polyline', { points: pts.map(([i, ms]) => `${x(i)},${y(ms)}`).join(' '), fill: 'none', stroke: colour(region), 'stroke-width': 2 }));
    }
    for (const [i, ms] of pts) {
      const dot = svg('circle', { cx: x(i), cy: y(ms), r: 3, fill: colour(region) });
      dot.append(svg('title', {}, `${region}: ${fmtMs(ms)}`));
      root.append(dot);
    }
  }
  if (n > 1) {
    root.append(svg('text', { x: L, y: H - 8 }, fmtDateTime(ordered[0].createdAt)),
      svg('text', { x: W - R, y: H - 8, 'text-anchor': 'end' }, fmtDateTime(ordered[n - 1].createdAt)));
  }
  const legend = el('p', { class: 'key' }, 'Regions:', regions.map(r => [el('i', { style: { background: colour(r) } }), r]),
    ' · Verdicts (top strip):', Object.keys(VERDICT_FILL).filter(v => v !== 'PENDING')
      .map(v => [el('i', { style: { background: VERDICT_FILL[v] } }), VERDICTS[v].word]));
  return [root, legend];
}

function row(c) {
  const totals = totalsByRegion(c);
  const regions = c.regions.map(r => el('span', { class: 'nowrap' }, r.region + ' ' + (totals[r.region] !== undefined ? fmtMs(totals[r.region]) : r.status.toLowerCase())));
  return el('tr', { 'data-check': c.id, 'data-verdict': c.verdict },
    el('td', {}, el('a', { href: '/c/' + encodeURIComponent(c.id) }, fmtDateTime(c.createdAt))),
    el('td', {}, verdictChip(c.verdict)),
    el('td', { class: 'hide-narrow' }, c.target),
    el('td', {}, regions));
}

function render() {
  const has = checks.length > 0;
  $('chart-box').hidden = !has;
  $('list-box').hidden = !has;
  $('status').textContent = has ? `The last ${checks.length} final check${checks.length > 1 ? 's' : ''}, newest first; new ones appear as they end.`
    : `${host} has not been checked lately (history is kept for 7 days).`;
  $('now').href = '/?target=' + encodeURIComponent(has ? checks[0].target : host);
  if (!has) return;
  $('latest').replaceChildren('Latest: ', verdictChip(checks[0].verdict), ' ', checks[0].summary || '');
  $('chart').replaceChildren(...chart(checks));
  $('checks').replaceChildren(...checks.map(row));
}

async function load() {
  $('host').textContent = host;
  document.title = host + ' — downcheck';
  const res = await fetchJson('/api/v1/targets/' + encodeURIComponent(host) + '/history?limit=' + LIMIT);
  if (!res.ok) {
    $('status').className = 'error';
    $('status').textContent = (res.body && res.body.detail) || 'Could not load the history (HTTP ' + res.status + ').';
    return;
  }
  checks = res.body;
  render();
  stream('/api/v1/stream?target=' + encodeURIComponent(host), {
    final: e => {
      const c = JSON.parse(e.data);
      checks = [c, ...checks.filter(x => x.id !== c.id)].slice(0, LIMIT);
      render();
    },
  });
}

let resizing = null;
window.addEventListener('resize', () => {
  clearTimeout(resizing);
  resizing = setTimeout(() => { if (checks.length) $('chart').replaceChildren(...chart(checks)); }, 200);
});
load();
