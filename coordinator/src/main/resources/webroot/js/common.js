// What every page shares: building elements, the words for verdicts, the verdict banner, the
// timing bar, and a live stream whose reconnects are bounded.

/**
 * el('p', {class: 'x'}, 'text', child): an element with attributes and children (text is never parsed as HTML).
 * {style: {width: '10%'}} sets properties through the CSSOM: the Content-Security-Policy refuses style attributes.
 */
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'style') Object.assign(e.style, v);
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    e.append(c instanceof Node ? c : String(c));
  }
  return e;
}

// A verdict in words a person reads at a glance; the colour comes from the class v-VERDICT.
export const VERDICTS = {
  UP: { word: 'Up for everyone', line: 'Up for everyone we asked' },
  DEGRADED: { word: 'Up, but slow', line: 'Up, but slow' },
  REGIONAL_OUTAGE: { word: 'Down in some regions', line: 'Down in some regions, up in others' },
  GLOBAL_OUTAGE: { word: 'Down for everyone', line: 'Down from every region that could tell' },
  INCONCLUSIVE: { word: "Can't tell", line: 'Too few regions could tell' },
  PENDING: { word: 'Checking…', line: 'Waiting for the regions to answer' },
};

export const CAUSES = {
  NONE: 'none', DNS: 'DNS: the name does not resolve', TLS: 'TLS: the secure connection fails',
  REFUSED: 'connection refused: nothing listens there', UNREACHABLE: 'unreachable or timing out',
  SERVER_ERROR: 'the server answers with errors', MAINTENANCE: 'down for maintenance',
  OVERLOADED: 'overloaded', GEO_BLOCKED: 'blocked in some places',
};

export async function fetchJson(url, options) {
  const res = await fetch(url, options);
  let body = null;
  try { body = await res.json(); } catch (e) { /* a body that is not JSON: the status says enough */ }
  return { ok: res.ok, status: res.status, body };
}

/** The host of a check's target (http(s)://, tcp://, dns:// or a bare host). */
export function hostOf(target) {
  try {
    const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(target) ? target : 'https://' + target;
    return new URL(withScheme.replace(/^(tcp|dns):/i, 'http:')).hostname.replace(/^\[|\]$/g, '');
  } catch (e) {
    return target;
  }
}

export function fmtMs(ms) {
  if (ms === null || ms === undefined) return '–';
  return ms >= 10000 ? (ms / 1000).toFixed(1) + ' s' : ms + ' ms';
}

export function fmtTime(iso) {
  const d = new Date(iso);
  return isNaN(d) ? '' : d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

export function fmtDateTime(iso) {
  const d = new Date(iso);
  return isNaN(d) ? '' : d.toLocaleString([], { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

export function chip(status, text) {
  return el('span', { class: 'chip s-' + status }, text || status);
}

/** The verdict as a chip, for tables. */
export function verdictChip(verdict) {
  return el('span', { class: 'chip v-' + verdict }, (VERDICTS[verdict] || { word: verdict }).word);
}

export const ERRORS = {
  DNS_NXDOMAIN: 'no such name', DNS_FAILURE: 'DNS failed', CONNECT_REFUSED: 'connection refused',
  CONNECT_TIMEOUT: 'connect timed out', NETWORK_UNREACHABLE: 'network unreachable', TLS_FAILURE: 'TLS failed',
  CONNECTION_RESET: 'connection reset', TIMEOUT: 'timed out', HTTP_5XX: 'server error',
  UNEXPECTED_STATUS: 'unexpected status', CONTENT_MISMATCH: 'content not as expected',
  NO_ECHO: 'no echo reply (many hosts drop ping)',
  TARGET_REFUSED: 'not probed: a private address',
};

/** What a result says in a few words: "HTTP 200", "connection refused (CONNECT_REFUSED)". */
export function resultWords(r) {
  if (!r || !r.outcome) return '';
  if (r.outcome === 'UP') return r.httpStatus ? 'HTTP ' + r.httpStatus : 'answered';
  const what = r.errorClass ? (ERRORS[r.errorClass] || r.errorClass) + ' (' + r.errorClass + ')'
    : r.httpStatus ? 'HTTP ' + r.httpStatus : r.outcome === 'ERROR' ? 'probe not run' : r.outcome;
  return r.httpStatus && r.errorClass ? what + ', HTTP ' + r.httpStatus : what;
}

const PHASES = [['dnsMs', 'dns', 'DNS'], ['connectMs', 'connect', 'connect'], ['tlsMs', 'tls', 'TLS'], ['firstByteMs', 'ttfb', 'first byte']];

/**
 * The phases of one probe as a bar: each phase's share of {@code scale} ms (the slowest of the
 * check, so rows compare), whatever the phases do not cover as "rest", then the numbers in words.
 */
export function timingBar(t, scale) {
  if (!t || t.totalMs === null || t.totalMs === undefined) return el('div', { class: 'timing muted' }, 'no timings');
  const total = t.totalMs;
  const width = ms => (100 * ms / Math.max(scale, 1)).toFixed(2) + '%';
  const bar = el('div', { class: 'bar', role: 'img', 'aria-label': 'timings: total ' + fmtMs(total) });
  let covered = 0;
  const words = [];
  for (const [field, cls, name] of PHASES) {
    if (t[field] === null || t[field] === undefined) continue;
    covered += t[field];
    words.push(name + ' ' + t[field]);
    bar.append(el('span', { class: 'ph-' + cls, style: { width: width(t[field]) }, title: name + ' ' + fmtMs(t[field]) }));
  }
  if (total > covered) bar.append(el('span', { class: 'ph-rest', style: { width: width(total - covered) }, title: 'rest ' + fmtMs(total - covered) }));
  return el('div', { class: 'timing' }, bar,
    el('div', { class: 'legend' }, el('strong', {}, 'total ' + fmtMs(total)), words.length ? ' · ' + words.join(' · ') + ' ms' : ''));
}

export function timingKey() {
  return el('p', { class: 'key', 'aria-hidden': 'true' }, 'Bars:',
    ...PHASES.map(([, cls, name]) => [el('i', { class: 'ph-' + cls }), name]), el('i', { class: 'ph-rest' }), 'rest of the total');
}

/** The verdict banner: the word, the summary sentence, confidence, the diagnosis, and "it's just you" when it is. */
export function banner(check) {
  const v = VERDICTS[check.verdict] || { word: check.verdict, line: '' };
  const justYou = check.justYou;
  const box = el('div', { class: 'banner v-' + check.verdict });
  // a provisional verdict may still turn: say so in the word itself
  const soFar = !check.final && check.verdict !== 'PENDING' ? ' so far' : '';
  box.append(el('p', { class: 'word' }, (justYou ? "It's just you" : v.word) + soFar));
  if (check.summary) box.append(el('p', { class: 'summary' }, check.summary));
  const dl = el('dl');
  const q = check.quorum;
  // a shaped request: its method, and its headers as the API shows them (secret values are "…")
  const rq = check.request;
  const method = rq && rq.method && rq.method !== 'GET' ? rq.method + ' ' : '';
  dl.append(el('dt', {}, 'Checked'), el('dd', {}, method + check.target + (check.createdAt ? ' at ' + fmtTime(check.createdAt) : '')));
  if (rq && (Object.keys(rq.headers || {}).length || rq.body)) {
    const sent = Object.entries(rq.headers || {}).map(([n, v]) => n + ': ' + v);
    if (rq.body) sent.push('a body (not shown)');
    dl.append(el('dt', {}, 'Sent'), el('dd', {}, sent.join(' · ')));
  }
  dl.append(el('dt', {}, 'Status'), el('dd', {}, check.final ? 'final' : 'still checking (provisional)'));
  if (q) dl.append(el('dt', {}, 'Regions'), el('dd', {}, q.reported + ' of ' + q.expected + ' answered, ' + q.usable + ' could tell (' + q.required + ' needed)'));
  if (check.verdict !== 'PENDING') dl.append(el('dt', {}, 'Confidence'), el('dd', {}, Math.round(100 * (check.confidence || 0)) + '%'));
  const d = check.diagnosis;
  if (d && d.cause && d.cause !== 'NONE') {
    dl.append(el('dt', {}, 'Likely cause'), el('dd', {}, CAUSES[d.cause] || d.cause));
    if (d.evidence) dl.append(el('dt', {}, 'Evidence'), el('dd', {}, d.evidence));
  }
  box.append(dl);
  if (justYou) {
    // the asker's own error is theirs (the check page's #browser line, from their own submission)
    box.append(el('p', { class: 'justyou' },
      'The probes reach it, but you told us you cannot. The problem is likely between you and the site: '
      + 'your network, DNS, VPN, proxy or firewall.'));
  }
  return box;
}

/**
 * An EventSource that stops after {@code maxRetries} failed reconnects in a row (the browser's own
 * retries are endless), backing off between attempts. {@code onState} gets 'live', 'retrying' or
 * 'stopped', so the page can say so.
 */
export function stream(url, handlers, onState = () => {}, maxRetries = 6) {
  let es = null, failures = 0, closed = false, timer = null;
  const open = () => {
    es = new EventSource(url);
    es.onopen = () => { failures = 0; onState('live'); };
    for (const [name, fn] of Object.entries(handlers)) es.addEventListener(name, fn);
    es.onerror = () => {
      es.close();
      if (closed) return;
      failures += 1;
      if (failures > maxRetries) { onState('stopped'); return; }
      onState('retrying');
      timer = setTimeout(open, Math.min(30000, 1000 * 2 ** (failures - 1)));
    };
  };
  open();
  return { close() { closed = true; clearTimeout(timer); if (es) es.close(); } };
}
