// The check page: "/" asks, "/?target=X" asks at once, "/c/{id}" shows one check live until final.
import { el, fetchJson, hostOf, banner, timingBar, timingKey, resultWords, chip, stream } from './common.js';
import { sharedRecords, dnsCell } from './dns.js';
import { pathSplitView } from './paths.js';

const $ = id => document.getElementById(id);
const BROWSER_TIMEOUT_MS = 5000;
let live = null; // the open event stream of the check shown, if any
let rows = new Map(); // region -> {li, key}: a row is rebuilt only when its region changed

/** The asker's own view: can this browser reach the target at all? An opaque answer (no-cors) counts as reachable. */
async function browserView(target) {
  const url = /^[a-z][a-z0-9+.-]*:\/\//i.test(target) ? target : 'https://' + target;
  if (!/^https?:/i.test(url)) return undefined;
  const ctl = new AbortController();
  const t = setTimeout(() => ctl.abort(), BROWSER_TIMEOUT_MS);
  try {
    await fetch(url, { mode: 'no-cors', signal: ctl.signal, cache: 'no-store', credentials: 'omit' });
    return { reachable: true };
  } catch (e) {
    return { reachable: false, error: ctl.signal.aborted ? 'timed out after 5 s' : String(e.message || e) };
  } finally {
    clearTimeout(t);
  }
}

async function ask(target, replace) {
  $('form-error').textContent = '';
  $('go').disabled = true;
  showPending(target, 'Asking your browser first, then the network…');
  try {
    const client = await browserView(target);
    const res = await fetchJson('/api/v1/checks', {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(client ? { target, client } : { target }),
    });
    if (!res.ok) {
      $('check').hidden = true;
      const b = res.body || {};
      $('form-error').textContent = (b.detail || b.title || 'The check was refused') + (res.status === 429 ? ' Try again in a minute.' : '');
      $('target').focus();
      return;
    }
    const check = res.body;
    if (client) sessionStorage.setItem('dc-client-' + check.id, JSON.stringify(client));
    const url = '/c/' + encodeURIComponent(check.id);
    if (replace) history.replaceState({}, '', url); else history.pushState({}, '', url);
    show(check);
  } catch (e) {
    $('form-error').textContent = 'Could not reach the downcheck coordinator: ' + (e.message || e);
  } finally {
    $('go').disabled = false;
  }
}

function showPending(target, words) {
  closeLive();
  $('check').hidden = false;
  $('banner').replaceChildren(el('div', { class: 'banner v-PENDING' }, el('p', { class: 'word' }, 'Checking…'), el('p', {}, target + ': ' + words)));
  $('regions').replaceChildren();
  rows = new Map();
  $('issues').replaceChildren();
  $('paths').replaceChildren();
  $('actions').replaceChildren();
  $('browser').textContent = '';
  $('made').textContent = '';
}

/** Opens a check by id: as it is now, then live until final. */
async function open(id) {
  showPending(id, 'loading…');
  const res = await fetchJson('/api/v1/checks/' + encodeURIComponent(id));
  if (!res.ok) {
    $('check').hidden = true;
    $('form-error').textContent = res.status === 404
      ? 'There is no check ' + id + ' (a check is kept for 30 days, unless the network keeps fewer). Ask again below.'
      : 'Could not load check ' + id + ' (HTTP ' + res.status + ').';
    return;
  }
  show(res.body);
}

function show(check) {
  closeLive();
  render(check);
  if (check.final) return;
  const id = check.id;
  const onCheck = e => render(JSON.parse(e.data));
  live = stream('/api/v1/checks/' + encodeURIComponent(id) + '/events', {
    verdict: onCheck,
    final: e => { closeLive(); onCheck(e); },
  }, state => {
    if (state === 'stopped') {
      $('issues').append(el('p', { class: 'error' }, 'Live updates stopped: the coordinator cannot be reached. Reload to see the result.'));
    }
  });
}

function closeLive() {
  if (live) { live.close(); live = null; }
}

function render(check) {
  $('check').hidden = false;
  $('target').value = $('target').value || check.target;
  document.title = (check.final ? '' : '… ') + hostOf(check.target) + ' — downcheck';
  const b = banner(check);
  b.dataset.verdict = check.verdict;
  b.dataset.final = String(check.final);
  $('banner').replaceChildren(b);
  renderMade(check);
  renderBrowser(check);
  renderRegions(check);
  renderIssues(check);
  $('paths').replaceChildren(...pathSplitView(check));
  renderActions(check);
}

/** When a final check was made, so a link opened days later says how old its answer is. */
function renderMade(check) {
  const made = new Date(check.createdAt);
  if (!check.final || isNaN(made)) {
    $('made').textContent = '';
    return;
  }
  const s = Math.max(0, (Date.now() - made.getTime()) / 1000);
  const ago = s < 60 ? 'just now'
    : s < 3600 ? plural(Math.floor(s / 60), 'minute') + ' ago'
    : s < 86400 ? plural(Math.floor(s / 3600), 'hour') + ' ago'
    : plural(Math.floor(s / 86400), 'day') + ' ago';
  $('made').textContent = 'checked ' + ago + ', ' + made.toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}

function plural(n, unit) {
  return n + ' ' + unit + (n === 1 ? '' : 's');
}

function renderBrowser(check) {
  const mine = sessionStorage.getItem('dc-client-' + check.id);
  const p = $('browser');
  if (mine) {
    const c = JSON.parse(mine);
    p.className = c.reachable ? '' : 'error';
    const down = check.verdict === 'GLOBAL_OUTAGE' || check.verdict === 'REGIONAL_OUTAGE';
    p.textContent = c.reachable ? 'Your browser could reach it' + (down ? '.' : ' too.')
      : 'Your browser could not reach it' + (down ? ' either' : '') + ' (' + (c.error || 'no answer') + ').';
    return;
  }
  const asker = (check.localIssues || []).find(i => i.scope === 'client');
  p.className = 'muted';
  // the asker's own error text stays in their browser (sessionStorage above): others see only that they reported one
  p.textContent = asker ? 'The person who asked could not reach it from their own browser.' : '';
}

function renderRegions(check) {
  $('key').replaceChildren(timingKey());
  const all = check.regions.flatMap(r => r.results);
  const scale = Math.max(1, ...all.map(x => (x.timings && x.timings.totalMs) || 0));
  const shared = sharedRecords(check);
  const list = $('regions');
  for (const report of check.regions) {
    const opinions = (check.secondOpinion || []).filter(o => o.region === report.region);
    const key = JSON.stringify(report) + JSON.stringify(opinions) + scale + (shared ? [...shared].join('\n') : '');
    let row = rows.get(report.region);
    if (!row) {
      row = { li: el('li', { class: 'region' }), key: '' };
      rows.set(report.region, row);
    }
    list.append(row.li); // keeps the API's order (by region name)
    if (row.key === key) continue;
    row.key = key;
    row.li.dataset.region = report.region;
    row.li.dataset.status = report.status;
    row.li.replaceChildren(...regionCells(report, scale, shared), ...opinions.map(opinionLine));
  }
}

function regionCells(report, scale, shared) {
  const head = el('div', {}, el('div', { class: 'name' }, report.region), chip(report.status, regionWord(report.status)));
  if (!report.results.length) {
    return [head, el('div', { class: 'what muted' }, report.status === 'MISSING'
      ? 'No answer by the deadline: its agents may have stopped or be overloaded. Not counted either way.'
      : report.status === 'IMPAIRED'
        ? 'No answer by the deadline, and its probe has a local problem: its agents report their own network impaired (see below). Not counted either way.'
        : 'Waiting for its answer…'), el('div')];
  }
  return report.results.flatMap((r, i) => {
    const what = el('div', { class: 'what' },
      // the outcome's own chip only where it differs from the region's (an impaired agent, a probe not run)
      el('div', {}, r.outcome !== report.status ? [chip(r.outcome, r.outcome.toLowerCase()), ' '] : null, el('strong', {}, resultWords(r))),
      el('div', { class: 'muted' }, 'agent ', r.agentId, r.address ? ' → ' + r.address : '',
        r.httpVersion ? ' · HTTP/' + r.httpVersion : ''),
      addressesTried(r));
    const cells = [i === 0 ? head : el('div'), what, timingBar(r.timings, scale)];
    const note = resultNote(r);
    if (note) cells.push(el('div', { class: 'note' }, note));
    const records = dnsCell(r, shared);
    if (records) cells.push(records);
    if (r.ping) cells.push(pingCell(r.ping));
    if (r.trace) cells.push(traceCell(r.trace));
    return cells;
  });
}

/** Each address the probe dialled, when there was more than one: which refused, which answered. */
function addressesTried(r) {
  const tried = r.addressesTried || [];
  if (tried.length < 2) return null;
  const word = t => t.outcome === 'UP' ? 'connected'
    : t.errorClass === 'CONNECT_REFUSED' ? 'refused'
      : t.errorClass === 'CONNECT_TIMEOUT' ? 'no answer in time'
        : (t.errorClass || t.outcome).toLowerCase().replaceAll('_', ' ');
  return el('ul', { class: 'tries muted' }, tried.map(t =>
    el('li', {}, t.address, ' ', word(t), t.connectMs != null ? ' (' + t.connectMs + ' ms)' : '')));
}

/** A second opinion asked about the region before the verdict was final (docs/consensus.md). */
function opinionLine(o) {
  const answer = { UP: 'up', DOWN: 'down', ERROR: 'could not tell' }[o.outcome] || 'waiting for its answer…';
  return el('div', { class: 'note opinion' }, o.agentId
    ? ['Second opinion asked of ', el('strong', {}, o.agentId), ' because ' + o.askedBecause + ': ', el('strong', {}, answer)]
    : 'No second opinion (' + o.notAsked + '), though ' + o.askedBecause + '.');
}

/** A ping's echo replies, loss and round-trip times in one line. */
function pingCell(p) {
  const rtt = p.rttAvgMs == null ? ''
    : ', round trip min/avg/max ' + [p.rttMinMs, p.rttAvgMs, p.rttMaxMs].map(ms => ms + '').join(' / ') + ' ms';
  return el('div', { class: 'ping' }, p.received + ' of ' + p.sent + ' echo requests answered, ' +
    Math.round(p.loss * 100) + '% loss' + rtt);
}

/** A trace's hops as a table: TTL, who answered (address and reverse name), round trip, loss. */
function traceCell(t) {
  const head = el('tr', {}, ...['hop', 'address', 'name', 'round trip', 'loss'].map(h => el('th', { scope: 'col' }, h)));
  const hops = t.hops.map(h => el('tr', { class: h.address || h.name ? '' : 'silent' },
    el('td', {}, String(h.ttl)),
    el('td', {}, h.address || (h.name ? '' : '*')),
    el('td', {}, h.name || ''),
    el('td', {}, h.rttMs == null ? '' : h.rttMs + ' ms'),
    el('td', {}, Math.round(h.loss * 100) + '%')));
  const caption = el('caption', {}, t.protocol.toUpperCase() + ' trace, ' + plural(t.hops.length, 'hop') + ': ' +
    (t.reached ? 'the target answered' : 'the target did not answer'));
  return el('div', { class: 'trace' }, el('table', {}, caption, el('thead', {}, head), el('tbody', {}, ...hops)));
}

function regionWord(status) {
  return { UP: 'up', DOWN: 'down', IMPAIRED: 'impaired', PENDING: 'waiting', MISSING: 'no answer', REFUSED: 'not probed' }[status] || status;
}

function resultNote(r) {
  if (r.impaired && r.impairedReason && r.impairedReason.startsWith('not confirmed by ')) {
    return 'Down for this agent alone, ' + r.impairedReason + ' (a second opinion): a problem of its own path, shown but not counted against the site.';
  }
  if (r.impaired) {
    return 'This agent\'s own network is impaired' + (r.impairedReason ? ' (' + r.impairedReason + ')' : '') +
      ': its answer is shown but not counted against the site.';
  }
  if (r.errorClass === 'TARGET_REFUSED') return 'This network does not probe private addresses' + (r.message ? ' (' + r.message + ')' : '') + '. Not counted either way.';
  if (r.outcome === 'ERROR') return 'The agent could not run the probe' + (r.message ? ': ' + r.message : '') + '. Not counted either way.';
  if (r.outcome === 'DOWN' && r.message) return r.message;
  return null;
}

function renderIssues(check) {
  const agents = (check.localIssues || []).filter(i => i.scope === 'agent');
  const box = $('issues');
  box.replaceChildren();
  if (!agents.length) return;
  box.append(el('h2', {}, 'Local problems, not the site\'s'),
    el('ul', { class: 'issues' }, agents.map(i => el('li', {}, i.agentId + ' (' + i.region + '): ' + i.reason))));
}

function renderActions(check) {
  const host = hostOf(check.target);
  $('actions').replaceChildren(
    el('a', { href: '/c/' + encodeURIComponent(check.id) }, 'Link to this check'),
    el('a', { href: '/t/' + encodeURIComponent(host) }, 'History of ' + host));
  if (check.final) $('actions').append(el('a', { class: 'button', href: '/?target=' + encodeURIComponent(check.target) }, 'Check again'));
  if (check.final && (check.verdict === 'GLOBAL_OUTAGE' || check.verdict === 'REGIONAL_OUTAGE')) $('actions').append(watchForm(check));
}

/** "Tell me when it's back": a temporary monitor of the target; this page (and a webhook, if given) is told. */
function watchForm(check) {
  const url = el('input', { id: 'watch-url', type: 'url', placeholder: 'webhook URL to notify too (optional)', 'aria-label': 'Webhook URL to notify too (optional)' });
  const out = el('p', { id: 'watch-status', role: 'status', 'aria-live': 'polite' });
  const form = el('form', { class: 'watch', id: 'watch' }, el('button', { id: 'watch-go', type: 'submit' }, "Tell me when it's back"), url, out);
  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    const body = url.value.trim() ? { notify: [{ type: 'webhook', url: url.value.trim() }] } : {};
    const res = await fetchJson('/api/v1/checks/' + encodeURIComponent(check.id) + '/watch',
      { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    if (!res.ok) {
      out.className = 'error';
      out.textContent = (res.body && res.body.errors && res.body.errors.length ? res.body.errors.map(e => e.field + ': ' + e.message).join('; ')
        : (res.body && res.body.detail)) || 'Could not watch it (HTTP ' + res.status + ').';
      return;
    }
    const monitor = res.body;
    form.replaceChildren(out);
    out.dataset.watch = 'watching';
    out.replaceChildren('Watching ' + check.target + ' from every region: this page says when it is back' +
      (body.notify ? ', and so does your webhook' : '') + ' (up to 24 h). ', el('a', { href: '/monitors' }, 'Monitors'));
    const live = stream('/api/v1/monitors/' + encodeURIComponent(monitor.id) + '/events', {
      state: e => {
        const m = JSON.parse(e.data);
        if (m.state !== 'UP') return;
        live.close();
        out.dataset.watch = 'back';
        out.replaceChildren(el('strong', {}, "It's back up. "), (m.lastCheck && m.lastCheck.summary) || '');
      },
    });
  });
  return form;
}

function route() {
  const m = location.pathname.match(/^\/c\/([^/]+)$/);
  if (m) {
    open(decodeURIComponent(m[1]));
    return;
  }
  closeLive();
  const target = new URLSearchParams(location.search).get('target');
  if (target && target.trim()) {
    $('target').value = target.trim();
    ask(target.trim(), true);
  } else {
    $('check').hidden = true;
    $('target').focus();
  }
}

$('ask').addEventListener('submit', ev => {
  ev.preventDefault();
  const target = $('target').value.trim();
  if (target) ask(target, false);
});
window.addEventListener('popstate', route);
fetchJson('/api/v1/regions').then(res => {
  const rs = res.body || [];
  $('network').textContent = rs.length
    ? 'Live regions: ' + rs.map(r => r.region + ' (' + r.healthy + ' of ' + r.agents + ' agents healthy)').join(', ') + '.'
    : 'No region is live: checks cannot run now.';
}).catch(() => {});
route();
