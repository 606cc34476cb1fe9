import { api, setCsrf } from './api.js';
import { h, clear } from './dom.js';
import * as overview from './pages/overview.js';
import * as live from './pages/live.js';
import * as buckets from './pages/buckets.js';
import * as objects from './pages/objects.js';
import * as keys from './pages/keys.js';

const pages = { overview, live, buckets, objects, keys };
const $ = (id) => document.getElementById(id);
let current = null;
let alertTimer = null;
export const session = { accessKey: null, objectBrowser: false };

function showLogin() {
  if (current && current.leave) current.leave();
  current = null;
  clearInterval(alertTimer);
  $('login').hidden = false; $('nav').hidden = true; $('logout').hidden = true; $('alerts').hidden = true;
  $('whoami').textContent = '';
  clear($('page'));
  $('login-access-key').focus();
}

function loggedIn(s) {
  setCsrf(s.csrfToken);
  session.accessKey = s.accessKey;
  session.objectBrowser = s.objectBrowser !== false;
  $('login').hidden = true; $('nav').hidden = false; $('logout').hidden = false;
  $('whoami').textContent = s.accessKey;
  refreshAlerts();
  clearInterval(alertTimer);
  alertTimer = setInterval(refreshAlerts, 5000);
  route();
}

async function refreshAlerts() {
  try {
    const a = await api('GET', '/alerts');
    const box = $('alerts');
    clear(box);
    if (!a.alerts.length) { box.hidden = true; return; }
    const critical = a.alerts.some((x) => x.severity === 'critical');
    box.className = 'alerts' + (critical ? '' : ' warning');
    box.append(h('div', {}, h('strong', {}, `${a.total} alert${a.total === 1 ? '' : 's'}`),
      h('ul', {}, a.alerts.slice(0, 5).map((x) => h('li', { class: 'alert-item', dataset: { kind: x.kind } }, x.message))),
      a.total > 5 ? h('div', {}, `… and ${a.total - 5} more (see the overview)`) : null));
    box.hidden = false;
  } catch (e) { /* the banner is best effort */ }
}

function route() {
  if (!session.accessKey) return;
  const hash = location.hash || '#/overview';
  const [path, query] = hash.slice(2).split('?');
  const [name, ...rest] = path.split('/');
  const page = pages[name] ? name : 'overview';
  for (const a of document.querySelectorAll('#nav a')) a.classList.toggle('active', a.dataset.page === (page === 'objects' ? 'buckets' : page));
  if (current && current.leave) current.leave();
  current = pages[page];
  const root = clear($('page'));
  current.enter(root, { args: rest.map(decodeURIComponent), query: new URLSearchParams(query || ''), session });
}

$('login-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  $('login-error').textContent = '';
  try {
    const s = await api('POST', '/login', { accessKey: $('login-access-key').value.trim(), secretKey: $('login-secret-key').value });
    $('login-secret-key').value = '';
    const full = await api('GET', '/session');
    loggedIn({ ...s, ...full });
  } catch (e) {
    $('login-error').textContent = e.status === 401 ? 'Login failed: ' + e.message : 'Login failed (' + e.message + ')';
  }
});

$('logout').addEventListener('click', async () => {
  try { await api('POST', '/logout'); } catch (e) { /* already gone */ }
  session.accessKey = null;
  showLogin();
});

window.addEventListener('hashchange', route);
window.addEventListener('stowage-logged-out', () => { if (session.accessKey) { session.accessKey = null; showLogin(); } });

api('GET', '/session').then(loggedIn).catch(showLogin);
