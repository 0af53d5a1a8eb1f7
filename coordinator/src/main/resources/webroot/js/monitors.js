// The monitors page: every monitor with its state and uptime, refreshed every few seconds, and
// a form that creates one. Errors of the API are shown field by field.
import { el, fetchJson, fmtDateTime } from './common.js';

const $ = id => document.getElementById(id);
const REFRESH_MS = 3000;
export const STATES = {
  PENDING: 'Pending', UP: 'Up', DEGRADED: 'Up, but slow', REGIONAL_OUTAGE: 'Down in some regions',
  GLOBAL_OUTAGE: 'Down for everyone', UNKNOWN: "Can't tell", MAINTENANCE: 'In maintenance',
};

export function stateChip(state) {
  // UNKNOWN looks like an inconclusive verdict: the network could not see
  const cls = state === 'UNKNOWN' ? 'INCONCLUSIVE' : state;
  return el('span', { class: 'chip v-' + cls }, STATES[state] || state);
}

const pct = x => (x === null || x === undefined ? '–' : (100 * x).toFixed(x >= 0.9995 ? 0 : 2) + '%');

function row(m) {
  const last = m.lastCheck;
  return el('tr', { 'data-monitor': m.id, 'data-state': m.state },
    el('td', {}, el('strong', {}, m.name || m.target), m.name ? el('div', { class: 'muted' }, m.target) : null,
      m.temporary ? el('div', { class: 'muted' }, 'until it is back') : null),
    // in maintenance the runs go on, but no one is told: say until when
    el('td', {}, stateChip(m.state), m.state === 'MAINTENANCE' && m.until
      ? el('div', { class: 'muted' }, 'until ' + fmtDateTime(m.until)) : null),
    el('td', { class: 'hide-narrow' }, fmtDateTime(m.since)),
    el('td', {}, pct(m.uptime['24h']), el('span', { class: 'hide-narrow' }, ' · ' + pct(m.uptime['7d']) + ' · ' + pct(m.uptime['30d']))),
    el('td', { class: 'hide-narrow' }, last ? el('a', { href: '/c/' + encodeURIComponent(last.id) }, fmtDateTime(last.at)) : '–'),
    el('td', {}, el('button', { type: 'button', class: 'link', 'aria-label': 'Delete ' + (m.name || m.target),
      onclick: () => remove(m) }, 'Delete')));
}

async function load() {
  const res = await fetchJson('/api/v1/monitors');
  if (!res.ok) {
    $('status').textContent = 'Could not load the monitors (HTTP ' + res.status + ')'
      + (res.body && res.body.detail ? ': ' + res.body.detail : '') + '.';
    return;
  }
  const list = res.body;
  $('list-box').hidden = list.length === 0;
  $('status').textContent = list.length ? list.length + ' monitor' + (list.length > 1 ? 's' : '') + '.' : 'No monitor yet: create one below.';
  $('monitors').replaceChildren(...list.map(row));
}

async function remove(m) {
  if (!confirm('Delete the monitor of ' + (m.name || m.target) + '?')) return;
  await fetch('/api/v1/monitors/' + encodeURIComponent(m.id), { method: 'DELETE' });
  load();
}

$('create').addEventListener('submit', async ev => {
  ev.preventDefault();
  const body = { target: $('m-target').value.trim(), intervalSeconds: Number($('m-interval').value) };
  if ($('m-name').value.trim()) body.name = $('m-name').value.trim();
  if ($('m-webhook').value.trim()) {
    const hook = { type: 'webhook', url: $('m-webhook').value.trim() };
    if ($('m-secret').value) hook.secret = $('m-secret').value;
    body.notify = [hook];
  }
  $('m-go').disabled = true;
  const res = await fetchJson('/api/v1/monitors', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  $('m-go').disabled = false;
  if (!res.ok) {
    const errors = (res.body && res.body.errors) || [];
    $('create-error').replaceChildren(...(errors.length ? errors.map(e => el('li', { 'data-field': e.field }, e.field + ': ' + e.message))
      : [el('li', {}, (res.body && res.body.detail) || 'HTTP ' + res.status)]));
    return;
  }
  $('create-error').replaceChildren();
  $('create').reset();
  load();
});

load();
setInterval(load, REFRESH_MS);
