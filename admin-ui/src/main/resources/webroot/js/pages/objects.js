import { api, q } from '../api.js';
import { h, clear, bytes, date, toast, pager } from '../dom.js';

export function enter(root, ctx) {
  const bucket = ctx.args[0];
  const st = { after: '', stack: [], next: null, prefix: ctx.query.get('prefix') || '' };
  const msg = h('p', { class: 'error', id: 'object-error', role: 'alert' });
  const crumbs = h('div', { class: 'crumbs', id: 'object-crumbs' });
  const list = h('div', { id: 'object-list' });
  const file = h('input', { type: 'file', id: 'upload-file' });
  const pub = h('input', { type: 'checkbox', id: 'public-read' });
  const go = (prefix) => { location.hash = '#/objects/' + encodeURIComponent(bucket) + (prefix ? '?prefix=' + encodeURIComponent(prefix) : ''); };
  const load = async () => {
    msg.textContent = '';
    renderCrumbs(crumbs, bucket, st.prefix, go);
    try {
      const r = await api('GET', `/buckets/${encodeURIComponent(bucket)}/objects` + q({ prefix: st.prefix, delimiter: '/', after: st.after, limit: 100 }));
      st.next = r.nextAfter;
      render(list, bucket, r, go, load, st);
    } catch (e) { msg.textContent = e.message; clear(list); }
  };
  const upload = async (ev) => {
    ev.preventDefault();
    const f = file.files[0];
    if (!f) return;
    try {
      await api('PUT', `/buckets/${encodeURIComponent(bucket)}/object?key=${encodeURIComponent(st.prefix + f.name)}`, f,
        { 'Content-Type': f.type || 'application/octet-stream' });
      toast('Uploaded ' + f.name);
      file.value = '';
      load();
    } catch (e) { msg.textContent = 'Upload failed: ' + e.message; }
  };
  pub.addEventListener('change', async () => {
    try { await api('PUT', `/buckets/${encodeURIComponent(bucket)}/public-read`, { enabled: pub.checked }); toast('Public read ' + (pub.checked ? 'on' : 'off')); }
    catch (e) { msg.textContent = e.message; pub.checked = !pub.checked; }
  });
  api('GET', '/buckets/' + encodeURIComponent(bucket)).then((b) => { pub.checked = !!b.publicRead; }).catch(() => {});
  root.append(h('h1', {}, 'Bucket ', h('span', { class: 'mono' }, bucket)), crumbs,
    ctx.session.objectBrowser
      ? h('form', { class: 'card toolbar', onsubmit: upload }, file, h('button', { id: 'upload-submit', type: 'submit' }, 'Upload here'),
        h('label', { class: 'muted' }, pub, ' public read (anonymous GET)'))
      : h('p', { class: 'muted' }, 'Uploads, downloads and deletes need the S3 gateway (s3_endpoint); listing works without it.'),
    msg, list);
  load();
}

export function leave() {}

function renderCrumbs(el, bucket, prefix, go) {
  const parts = prefix.split('/').filter((p) => p);
  const links = [h('a', { onclick: () => go('') }, bucket)];
  let acc = '';
  for (const p of parts) { acc += p + '/'; const target = acc; links.push(' / ', h('a', { onclick: () => go(target) }, p)); }
  clear(el).append(h('a', { href: '#/buckets' }, 'Buckets'), ' › ', ...links);
}

function render(el, bucket, r, go, reload, st) {
  const rows = [];
  for (const p of r.prefixes) {
    rows.push(h('tr', { class: 'prefix-row' }, h('td', {}, h('a', { class: 'nav', onclick: () => go(p) }, '📁 ' + p.slice(r.prefix.length))), h('td', {}), h('td', {}), h('td', {})));
  }
  for (const o of r.objects) {
    const href = `/api/buckets/${encodeURIComponent(bucket)}/object?key=${encodeURIComponent(o.key)}`;
    rows.push(h('tr', { class: 'object-row', dataset: { key: o.key } },
      h('td', { class: 'mono' }, o.key.slice(r.prefix.length)), h('td', { class: 'num' }, bytes(o.size)), h('td', {}, date(o.lastModified)),
      h('td', {}, h('a', { class: 'nav', href, download: o.key.split('/').pop() }, 'Download'), ' ',
        h('button', { class: 'danger', onclick: async () => {
          if (!confirm('Delete ' + o.key + '?')) return;
          try { await api('DELETE', `/buckets/${encodeURIComponent(bucket)}/object?key=${encodeURIComponent(o.key)}`); reload(); } catch (e) { toast(e.message); }
        } }, 'Delete'))));
  }
  clear(el).append(h('table', { id: 'objects-table' },
    h('thead', {}, h('tr', {}, h('th', {}, 'Name'), h('th', { class: 'num' }, 'Size'), h('th', {}, 'Last modified'), h('th', {}, ''))),
    h('tbody', {}, rows.length ? rows : h('tr', {}, h('td', { colspan: 4, class: 'muted' }, 'Empty.')))),
  pager(st, reload));
}
