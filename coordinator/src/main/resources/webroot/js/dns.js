// A dns check's records on the check page: each region's answer as dig shows it, and the records
// that not every up region got marked, so a geo-DNS difference is seen at a glance.
import { el } from './common.js';

const SHOWN = 20; // records listed per result; the rest counted

/** The records every up region's answer holds ('' key when no region answered with records). */
export function sharedRecords(check) {
  const answers = check.regions.filter(r => r.status === 'UP')
    .map(r => r.results.find(x => x.outcome === 'UP' && !x.impaired && x.dns && x.dns.records.length))
    .filter(Boolean).map(x => new Set(x.dns.records));
  if (answers.length < 2) return null;
  return new Set([...answers[0]].filter(rec => answers.every(a => a.has(rec))));
}

/** A result's records, those outside {@code shared} marked as differing; null when it has no dns answer. */
export function dnsCell(r, shared) {
  if (!r.dns) return null;
  const records = r.dns.records;
  const from = r.dns.resolver ? ' from ' + r.dns.resolver : ' from the agent\'s resolver';
  if (!records.length) return el('div', { class: 'dns muted' }, 'No ' + r.dns.type + ' records' + from + '.');
  const items = records.slice(0, SHOWN).map(rec => {
    const differs = shared && !shared.has(rec);
    return el('li', { class: differs ? 'differs' : null, title: differs ? 'not in every region\'s answer' : null }, rec);
  });
  if (records.length > SHOWN) items.push(el('li', { class: 'muted' }, '… ' + (records.length - SHOWN) + ' more'));
  return el('div', { class: 'dns' }, el('div', { class: 'muted' }, r.dns.type + ' records' + from + ':'),
    el('ul', { class: 'records' }, items));
}
