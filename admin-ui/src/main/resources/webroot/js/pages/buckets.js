import { api, q } from '../api.js';
import { h, clear, bytes, date, toast, pager } from '../dom.js';

const state = { after: '', stack: [], next: null, prefix: '' };

export function enter(root) {
  const msg = h('p', { class: 'error', id: 'bucket-error', role: 'alert' });
  const name = h('input', { id: 'bucket-name', placeholder: 'new-bucket-name', pattern: '[a-z0-9][a-z0-9.\\-]{1,61}[a-z0-9]' });
  const group = h('input', { id: 'bucket-group', placeholder: 'group (optional)', size: 14 });
  const search = h('input', { id: 'bucket-search', placeholder: 'filter by prefix', value: state.prefix });
  const list = h('div', { id: 'bucket-list' });
  const load = async () => {
    try {
      const r = await api('GET', '/buckets' + q({ after: state.after, prefix: state.prefix, limit: 50 }));
      state.next = r.nextAfter;
      state.info = `${r.total} bucket(s)`;
      render(list, r.buckets, load);
    } catch (e) { msg.textContent = e.message; }
  };
  const create = async (ev) => {
    ev.preventDefault();
    msg.textContent = '';
    try {
      await api('POST', '/buckets', { name: name.value.trim(), group: group.value.trim() || null });
      toast('Bucket ' + name.value.trim() + ' created');
      name.value = '';
      state.after = ''; state.stack = [];
      load();
    } catch (e) { msg.textContent = 'Create failed: ' + e.message; }
  };
  root.append(h('h1', {}, 'Buckets'),
    h('form', { class: 'card toolbar', onsubmit: create }, name, group, h('button', { id: 'bucket-create', type: 'submit' }, 'Create bucket')),
    msg,
    h('div', { class: 'toolbar' }, search, h('button', { class: 'secondary', onclick: () => { state.prefix = search.value.trim(); state.after = ''; state.stack = []; load(); } }, 'Filter')),
    list);
  load();
}

export function leave() {}

function render(el, buckets, reload) {
  const jobs = [];
  const rows = buckets.map((b) => {
    const usage = h('td', { class: 'num bucket-usage' }, h('span', { class: 'muted' }, '…'));
    jobs.push(async () => {
      try {
        const u = await api('GET', `/buckets/${encodeURIComponent(b.name)}/usage`);
        usage.textContent = `${u.objectsText} objects, ${bytes(u.bytes)}${u.capped ? '+' : ''}`;
      } catch (e) { usage.textContent = e.status === 503 ? 'group unavailable' : '–'; }
    });
    return h('tr', { class: 'bucket-row', dataset: { bucket: b.name } },
      h('td', {}, h('a', { class: 'nav bucket-link', href: '#/objects/' + encodeURIComponent(b.name) }, b.name)),
      h('td', {}, b.homeGroup), h('td', { class: 'mono' }, b.owner || ''), h('td', {}, date(b.createdMs)), usage,
      h('td', {}, h('button', { class: 'danger', onclick: async () => {
        if (!confirm(`Delete bucket ${b.name}? It must be empty.`)) return;
        try { await api('DELETE', '/buckets/' + encodeURIComponent(b.name)); toast('Deleted ' + b.name); reload(); } catch (e) { toast('Delete failed: ' + e.message); }
      } }, 'Delete')));
  });
  // Counts come from the key index (at most 10,000 keys each): four at a time for the visible page only.
  const worker = async () => { while (jobs.length) await jobs.shift()(); };
  for (let i = 0; i < 4; i++) worker();
  clear(el).append(h('table', { id: 'buckets-table' },
    h('thead', {}, h('tr', {}, h('th', {}, 'Name'), h('th', {}, 'Home group'), h('th', {}, 'Owner'), h('th', {}, 'Created'), h('th', { class: 'num' }, 'Objects / bytes'), h('th', {}, ''))),
    h('tbody', {}, rows.length ? rows : h('tr', {}, h('td', { colspan: 6, class: 'muted' }, 'No buckets.')))),
  pager(state, reload));
}
