import { api, q } from '../api.js';
import { h, clear, date, toast, pager } from '../dom.js';

const state = { after: '', stack: [], next: null };

export function enter(root, ctx) {
  const msg = h('p', { class: 'error', id: 'key-error', role: 'alert' });
  const grants = h('input', { id: 'key-grants', size: 48, placeholder: 'grants: admin, photos:read, logs:rw, data:write, public-read:www' });
  const created = h('div', { id: 'key-created' });
  const list = h('div', { id: 'key-list' });
  const load = async () => {
    try {
      const r = await api('GET', '/keys' + q({ after: state.after, limit: 50 }));
      state.next = r.nextAfter;
      render(list, r.keys, load, ctx.session, msg);
    } catch (e) { msg.textContent = e.message; }
  };
  const create = async (ev) => {
    ev.preventDefault();
    msg.textContent = '';
    try {
      const list = grants.value.split(',').map((s) => s.trim()).filter((s) => s);
      const k = await api('POST', '/keys', { grants: list });
      clear(created).append(h('div', { class: 'secret-box' },
        h('strong', {}, 'New access key — copy the secret now, it is shown only once.'),
        h('div', {}, 'Access key: ', h('code', { id: 'new-access-key' }, k.accessKey)),
        h('div', {}, 'Secret key: ', h('code', { id: 'new-secret-key' }, k.secretKey)),
        h('button', { class: 'secondary', onclick: () => clear(created) }, 'I have stored it')));
      grants.value = '';
      load();
    } catch (e) { msg.textContent = 'Create failed: ' + e.message; }
  };
  root.append(h('h1', {}, 'Access keys'),
    h('form', { class: 'card toolbar', onsubmit: create }, grants, h('button', { id: 'key-create', type: 'submit' }, 'Create key'),
      h('span', { class: 'muted' }, 'permissions per bucket: read, write, read-write (rw), admin')),
    created, msg, list);
  load();
}

export function leave() {}

function render(el, keys, reload, session, msg) {
  const act = (fn) => async () => { msg.textContent = ''; try { await fn(); reload(); } catch (e) { msg.textContent = e.message; } };
  const rows = keys.map((k) => h('tr', { class: 'key-row', dataset: { key: k.accessKey, enabled: k.enabled } },
    h('td', { class: 'mono' }, k.accessKey, k.accessKey === session.accessKey ? h('span', { class: 'muted' }, ' (you)') : null),
    h('td', { class: 'key-state' }, k.enabled ? 'enabled' : 'disabled'),
    h('td', {}, k.grants.length ? k.grants.map((g) => h('span', { class: 'chip' }, g)) : h('span', { class: 'muted' }, 'none')),
    h('td', {}, date(k.created)),
    h('td', {},
      h('button', { class: 'secondary', onclick: act(() => api('POST', `/keys/${k.accessKey}/${k.enabled ? 'disable' : 'enable'}`)) }, k.enabled ? 'Disable' : 'Enable'), ' ',
      h('button', { class: 'secondary', onclick: act(async () => {
        const g = prompt('Grants (comma-separated)', k.grants.join(', '));
        if (g === null) return;
        await api('PUT', `/keys/${k.accessKey}/grants`, { grants: g.split(',').map((s) => s.trim()).filter((s) => s) });
        toast('Grants updated');
      }) }, 'Grants'), ' ',
      h('button', { class: 'danger', onclick: act(async () => { if (confirm('Delete key ' + k.accessKey + '?')) await api('DELETE', '/keys/' + k.accessKey); }) }, 'Delete'))));
  clear(el).append(h('table', { id: 'keys-table' },
    h('thead', {}, h('tr', {}, h('th', {}, 'Access key'), h('th', {}, 'State'), h('th', {}, 'Grants'), h('th', {}, 'Created'), h('th', {}, ''))),
    h('tbody', {}, rows.length ? rows : h('tr', {}, h('td', { colspan: 5, class: 'muted' }, 'No keys.')))),
  pager(state, reload));
}
