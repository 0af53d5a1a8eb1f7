// A public status page (/s/{slug}): the overall state, each service's state and 90 daily uptime
// bars, the incidents, and the Atom feed to subscribe to. It reads only the page's public summary.
import { el, fetchJson, fmtDateTime, CAUSES } from './common.js';

const $ = id => document.getElementById(id);
const REFRESH_MS = 30000;
const slug = decodeURIComponent(location.pathname.split('/')[2] || '');

// the page's overall state in words; the colour is that of the matching verdict
const OVERALL = {
  OPERATIONAL: ['All systems operational', 'UP'],
  DEGRADED: ['Degraded performance', 'DEGRADED'],
  PARTIAL_OUTAGE: ['Partial outage', 'REGIONAL_OUTAGE'],
  MAJOR_OUTAGE: ['Major outage', 'GLOBAL_OUTAGE'],
  MAINTENANCE: ['Under maintenance', 'MAINTENANCE'],
  UNKNOWN: ['Status not known yet', 'INCONCLUSIVE'],
};

const STATES = {
  PENDING: 'Pending', UP: 'Up', DEGRADED: 'Up, but slow', REGIONAL_OUTAGE: 'Down in some regions',
  GLOBAL_OUTAGE: 'Down for everyone', UNKNOWN: "Can't tell", MAINTENANCE: 'Under maintenance',
};

const pct = x => (x === null || x === undefined ? 'no data' : (100 * x).toFixed(x >= 0.9995 ? 0 : 2) + '%');

function stateChip(state) {
  const cls = state === 'UNKNOWN' ? 'INCONCLUSIVE' : state;
  return el('span', { class: 'chip v-' + cls }, STATES[state] || state);
}

/** A day's bar: its colour by how much of the day it was up; grey without a run. */
function dayBar(share, date) {
  const level = share === null || share === undefined ? 'none' : share >= 0.999 ? 'good' : share >= 0.99 ? 'fair'
    : share >= 0.95 ? 'poor' : 'bad';
  return el('span', { class: 'day d-' + level, title: date + ': ' + pct(share) });
}

function dateOf(from, i) {
  const d = new Date(from + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() + i);
  return d.toISOString().slice(0, 10);
}

function service(m, from) {
  const bars = el('div', { class: 'bars', role: 'img',
    'aria-label': 'Uptime of the last ' + m.daily.length + ' days: ' + pct(m.uptime) },
  ...m.daily.map((share, i) => dayBar(share, dateOf(from, i))));
  return el('li', { class: 'service', 'data-state': m.state },
    el('div', { class: 'head' }, el('strong', { class: 'name' }, m.name), stateChip(m.state)),
    m.target ? el('div', { class: 'target muted' }, m.target) : null,
    bars,
    el('div', { class: 'legend muted' }, el('span', {}, m.daily.length + ' days ago'),
      el('span', { class: 'uptime' }, pct(m.uptime) + ' uptime'), el('span', {}, 'Today')));
}

function duration(from, to) {
  const s = Math.max(0, Math.round((new Date(to) - new Date(from)) / 1000));
  if (s < 90) return s + ' s';
  if (s < 5400) return Math.round(s / 60) + ' min';
  return (s / 3600).toFixed(1) + ' h';
}

function incident(i) {
  const open = !i.endedAt;
  const dl = el('dl');
  dl.append(el('dt', {}, 'Started'), el('dd', {}, fmtDateTime(i.startedAt)));
  dl.append(el('dt', {}, 'Ended'), el('dd', {}, open ? 'still going on' : fmtDateTime(i.endedAt) + ' (after ' + duration(i.startedAt, i.endedAt) + ')'));
  if (i.regions.length) dl.append(el('dt', {}, 'Regions'), el('dd', {}, i.regions.join(', ')));
  if (i.cause && i.cause !== 'NONE') dl.append(el('dt', {}, 'Likely cause'), el('dd', {}, CAUSES[i.cause] || i.cause));
  return el('li', { class: 'incident', 'data-open': String(open) },
    el('div', { class: 'head' }, el('strong', {}, i.monitor), stateChip(i.kind),
      el('span', { class: 'chip ' + (open ? 's-DOWN' : 's-UP') }, open ? 'Ongoing' : 'Resolved')),
    dl);
}

async function load() {
  let res;
  try {
    res = await fetchJson('/api/v1/status-pages/' + encodeURIComponent(slug) + '/summary');
  } catch (e) {
    res = { ok: false, status: 0 };
  }
  if (!res.ok) {
    const word = res.status === 404 ? 'No such status page'
      : res.status === 0 ? 'Could not reach the status' : 'Could not load the status (HTTP ' + res.status + ')';
    $('overall').className = 'banner v-INCONCLUSIVE';
    $('overall').replaceChildren(el('p', { class: 'word' }, word));
    // a page that does not exist is not asked about again; any other failure is, at the next refresh
    if (res.status !== 404) setTimeout(load, REFRESH_MS);
    return;
  }
  const p = res.body;
  document.title = p.title + ' status';
  $('title').textContent = p.title;
  const [word, cls] = OVERALL[p.state] || [p.state, 'INCONCLUSIVE'];
  $('overall').className = 'banner v-' + cls;
  $('overall').dataset.state = p.state;
  $('overall').replaceChildren(el('p', { class: 'word' }, word));
  $('updated').textContent = 'Updated ' + fmtDateTime(p.updatedAt) + '.';
  $('services-box').hidden = false;
  $('services').replaceChildren(...p.monitors.map(m => service(m, p.dailyFrom)));
  $('incidents-box').hidden = false;
  $('incidents').replaceChildren(...(p.incidents.length ? p.incidents.map(incident)
    : [el('li', { class: 'muted' }, 'No incidents in the last 90 days.')]));
  const feed = '/s/' + encodeURIComponent(slug) + '/feed.atom';
  $('subscribe').href = feed;
  $('subscribe-box').hidden = false;
  if (!document.querySelector('link[rel=alternate]')) {
    document.head.append(el('link', { rel: 'alternate', type: 'application/atom+xml', title: p.title + ' incidents', href: feed }));
  }
  setTimeout(load, REFRESH_MS);
}

load();
