// "Where the path breaks" on the check page: when a failing and a healthy region traced the
// target (diagnosis.pathSplit), their two paths side by side, the hops where they part marked.
import { el } from './common.js';

/** The section's children for {@code check}, none when its diagnosis names no split. */
export function pathSplitView(check) {
  const split = check.diagnosis && check.diagnosis.pathSplit;
  if (!split || !split.failing || !split.healthy) return [];
  const f = split.failing, h = split.healthy;
  return [
    el('h2', {}, 'Where the path breaks'),
    el('p', { class: 'split-sentence' }, sentence(f, h)),
    el('div', { class: 'paths' },
      side(f, f.lastHop, 'the last hop ' + f.region + ' reached'),
      side(h, h.firstDifferentHop, 'the first hop ' + f.region + ' did not reach')),
  ];
}

/** "The path from eu-west stops after 10.0.0.1; us-east goes on through 10.0.1.1." */
function sentence(f, h) {
  const stops = f.lastHop ? 'stops after ' + hopName(f.lastHop) : 'gets no answer from its first hop';
  const on = h.firstDifferentHop ? '; ' + h.region + ' goes on through ' + hopName(h.firstDifferentHop) : '';
  return 'The path from ' + f.region + ' ' + stops + on + '.';
}

function hopName(hop) {
  return hop.name && hop.name !== hop.address ? hop.name + ' (' + hop.address + ')' : hop.address;
}

function side(s, mark, markWords) {
  const rows = (s.hops || []).map(hop => {
    const marked = mark && hop.ttl === mark.ttl && hop.address === mark.address;
    return el('tr', { class: marked ? 'split' : null, title: marked ? markWords : null },
      el('td', { class: 'num' }, hop.ttl),
      el('td', {}, hop.address || el('span', { class: 'muted' }, 'no answer'), marked ? el('strong', { class: 'mark' }, ' ← ' + markWords) : null),
      el('td', {}, hop.name && hop.name !== hop.address ? hop.name : ''),
      el('td', { class: 'num' }, hop.rttMs === null || hop.rttMs === undefined ? '–' : hop.rttMs.toFixed(1) + ' ms'));
  });
  return el('table', { class: 'path', 'data-region': s.region },
    el('caption', {}, s.region, s.agentId ? el('span', { class: 'muted' }, ' · agent ' + s.agentId) : null),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'TTL'), el('th', { scope: 'col' }, 'address'),
      el('th', { scope: 'col' }, 'name'), el('th', { scope: 'col' }, 'RTT'))),
    el('tbody', {}, rows));
}
