// Small DOM helpers: h() builds elements without innerHTML (the CSP forbids inline styles and scripts).
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function clear(el) { while (el.firstChild) el.removeChild(el.firstChild); return el; }

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
export function bytes(n) {
  if (n === null || n === undefined) return '–';
  let i = 0; let v = n;
  while (Math.abs(v) >= 1024 && i < UNITS.length - 1) { v /= 1024; i++; }
  return (i === 0 ? v : v.toFixed(v >= 100 ? 0 : 1)) + ' ' + UNITS[i];
}

export function ago(ms) {
  if (!ms) return 'never';
  const s = Math.max(0, Math.round((Date.now() - ms) / 1000));
  if (s < 60) return s + ' s ago';
  if (s < 3600) return Math.round(s / 60) + ' min ago';
  return Math.round(s / 3600) + ' h ago';
}

export function days(d) {
  if (d === null || d === undefined) return '–';
  if (d > 3650) return '> 10 y';
  return d < 1 ? '< 1 d' : Math.round(d) + ' d';
}

export function date(ms) { return ms ? new Date(ms).toLocaleString() : '–'; }

export function statusBadge(s) { return h('span', { class: 'status ' + s }, s); }

/** A usage bar: used/total, coloured at 75 % and 90 %. */
export function usageBar(used, total) {
  const pct = total > 0 ? (100 * used) / total : 0;
  const bar = h('span', { class: 'bar' + (pct > 90 ? ' bad' : pct > 75 ? ' warn' : '') }, h('span'));
  bar.firstChild.style.width = Math.min(100, pct).toFixed(1) + '%';
  return h('span', {}, bar, pct.toFixed(1) + ' %');
}

export function toast(msg) {
  const t = h('div', { class: 'toast', role: 'status' }, msg);
  document.body.append(t);
  setTimeout(() => t.remove(), 3500);
}

/** Previous/next pager over an "after" cursor stack. */
export function pager(state, onChange) {
  const prev = h('button', { class: 'secondary', disabled: state.stack.length === 0, onclick: () => { state.after = state.stack.pop() || ''; onChange(); } }, '← Previous');
  const next = h('button', { class: 'secondary', disabled: !state.next, onclick: () => { state.stack.push(state.after); state.after = state.next; onChange(); } }, 'Next →');
  return h('div', { class: 'pager' }, prev, next, h('span', { class: 'muted' }, state.info || ''));
}
