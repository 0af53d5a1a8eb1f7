// The network live: every region with its agents (polled; the API has no agent stream), and
// every verdict of the network as it streams in, newest first.
import { el, fetchJson, fmtTime, chip, verdictChip, stream } from './common.js';

const $ = id => document.getElementById(id);
const POLL_MS = 2000;
const MAX_POLL_MS = 30000;
const MAX_ROWS = 100; // the table keeps the newest checks only, so an open page stays small for hours
const GONE_KEPT_MS = 10 * 60 * 1000; // a gone agent is shown this long, then forgotten
const MAX_AGENTS = 500;

const agents = new Map(); // agentId -> {agent, goneSince: Date|null}
let agentsKey = '';
let pollMs = POLL_MS;

async function pollAgents() {
  try {
    const res = await fetchJson('/api/v1/agents');
    if (!res.ok) throw new Error('HTTP ' + res.status);
    merge(res.body || []);
    pollMs = POLL_MS;
    $('agents-status').textContent = 'Updated ' + fmtTime(new Date().toISOString()) + ', every ' + POLL_MS / 1000 + ' s.';
  } catch (e) {
    pollMs = Math.min(MAX_POLL_MS, pollMs * 2);
    $('agents-status').textContent = 'Cannot reach the coordinator (' + (e.message || e) + '); trying again in ' + pollMs / 1000 + ' s.';
  }
  setTimeout(pollAgents, pollMs);
}

function merge(list) {
  const now = Date.now();
  const seen = new Set();
  for (const a of list) {
    seen.add(a.agentId);
    agents.set(a.agentId, { agent: a, goneSince: null });
  }
  for (const [id, entry] of agents) {
    if (seen.has(id)) continue;
    if (!entry.goneSince) entry.goneSince = now;
    if (now - entry.goneSince > GONE_KEPT_MS) agents.delete(id);
  }
  while (agents.size > MAX_AGENTS) agents.delete(agents.keys().next().value);
  renderAgents();
}

function renderAgents() {
  const byRegion = new Map();
  for (const [id, e] of [...agents].sort((x, y) => x[0].localeCompare(y[0]))) {
    const region = e.agent.region;
    if (!byRegion.has(region)) byRegion.set(region, []);
    byRegion.get(region).push(e);
  }
  // the heartbeat times change every poll: leave them out of what decides a redraw
  const key = JSON.stringify([...byRegion].map(([r, es]) => [r, es.map(e => [e.agent.agentId, e.agent.status, e.agent.reason, e.agent.location || null, !!e.goneSince, e.agent.trust])]));
  if (key === agentsKey) return;
  agentsKey = key;
  const cards = [...byRegion].sort((x, y) => x[0].localeCompare(y[0])).map(([region, es]) => regionCard(region, es));
  $('agents').replaceChildren(...cards);
  if (!cards.length) $('agents').append(el('p', { class: 'muted' }, 'No agent is live: no region can answer checks now.'));
}

function regionCard(region, entries) {
  const live = entries.filter(e => !e.goneSince);
  const healthy = live.filter(e => e.agent.status === 'HEALTHY').length;
  const state = !live.length ? 'GONE' : healthy ? 'UP' : 'IMPAIRED';
  const words = !live.length ? 'no live agent'
    : healthy + ' of ' + live.length + ' agent' + (live.length > 1 ? 's' : '') + ' healthy';
  return el('section', { class: 'card', 'data-region': region, 'aria-label': 'region ' + region },
    el('h3', {}, region, ' ', chip(state, words)),
    el('ul', {}, entries.map(agentLine)));
}

function agentLine(e) {
  const a = e.agent;
  const status = e.goneSince ? 'GONE' : a.status;
  const why = e.goneSince ? 'gone since ' + fmtTime(new Date(e.goneSince).toISOString()) + ': stopped, or no heartbeat'
    : a.status === 'IMPAIRED' ? 'impaired: ' + (a.reason || 'its canaries fail') + '; its answers are not counted against targets'
    : a.canaries ? 'canaries ' + a.canaries.ok + ' ok' + (a.canaries.failed ? ', ' + a.canaries.failed + ' failed' : '') : '';
  const where = place(a.location);
  return el('li', { 'data-agent': a.agentId, 'data-status': status },
    chip(status, status.toLowerCase()), ' ', el('strong', {}, a.agentId),
    where ? el('div', { class: 'place' }, where) : null,
    why ? el('div', { class: 'muted' }, why) : null,
    trustLine(a.trust));
}

// The agent's trust record (docs/consensus.md): nothing while it is clean, its events while it has any,
// and why it is quarantined, when it is: its answers are then shown but not counted
function trustLine(trust) {
  if (!trust || (!trust.quarantined && !(trust.reasons || []).length)) return null;
  const what = (trust.reasons || []).join(', ') + ' (trust score ' + trust.score + ')';
  return el('div', { class: 'muted trust', 'data-quarantined': String(!!trust.quarantined) },
    trust.quarantined ? chip('QUARANTINED', 'quarantined') : null, trust.quarantined ? ' ' : null,
    trust.quarantined ? what + '; its answers are shown, not counted' : what);
}

// Where an agent stands, as one line: "Frankfurt am Main, DE · hetzner · AS24940 · datacenter, ipv6".
function place(l) {
  if (!l) return '';
  const town = [l.city, l.country].filter(Boolean).join(', ');
  const tags = (l.tags || []).join(', ');
  return [town, l.provider, l.asn ? 'AS' + l.asn : '', tags].filter(Boolean).join(' · ');
}

const rows = new Map(); // check id -> tr

// Verdicts of different checks are folded in parallel, so a check's first verdict can reach the page after
// a newer check's: rows are ordered by when the check was asked, not by when it was first heard of.
// An ISO instant's fraction varies in length (none at all on a whole second): padded, it compares as text.
function age(check) {
  const m = /^(.*?)(?:\.(\d+))?Z$/.exec(check.createdAt || '');
  return (m ? m[1] + '.' + (m[2] || '').padEnd(9, '0') : '') + ' ' + check.id;
}

function rowFor(check) {
  const body = $('verdicts');
  const key = age(check);
  const older = [...body.children].find(tr => tr.dataset.age < key); // the first row asked before this check
  if (!older && rows.size >= MAX_ROWS) return null; // older than every check kept: not shown
  const tr = el('tr');
  tr.dataset.age = key;
  tr.dataset.check = check.id;
  rows.set(check.id, tr);
  body.insertBefore(tr, older || null);
  while (rows.size > MAX_ROWS) {
    const oldest = body.lastElementChild;
    rows.delete(oldest.dataset.check);
    oldest.remove();
  }
  return tr;
}

function onVerdict(ev) {
  const check = JSON.parse(ev.data);
  const tr = rows.get(check.id) || rowFor(check);
  if (!tr) return;
  tr.dataset.verdict = check.verdict;
  tr.dataset.final = String(check.final);
  tr.replaceChildren(
    el('td', { class: 'num' }, fmtTime(check.createdAt)),
    el('td', {}, el('a', { href: '/c/' + encodeURIComponent(check.id) }, check.target)),
    el('td', {}, verdictChip(check.verdict), check.final ? '' : el('span', { class: 'muted' }, ' (checking)')),
    el('td', { class: 'hide-narrow' }, check.summary || ''));
  $('empty').hidden = true;
}

stream('/api/v1/stream', { verdict: onVerdict, final: onVerdict }, state => {
  const s = $('stream-status');
  s.dataset.state = state;
  s.textContent = state === 'live' ? 'Live: new verdicts appear at the top (the newest ' + MAX_ROWS + ' are kept).'
    : state === 'retrying' ? 'Connection lost; reconnecting…'
    : 'Disconnected from the coordinator. Reload the page to try again.';
});
pollAgents();
