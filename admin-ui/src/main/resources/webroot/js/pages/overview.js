import { api, q } from '../api.js';
import { h, clear, bytes, ago, days, statusBadge, usageBar, pager } from '../dom.js';

let timer = null;
const groupsPage = { after: '', stack: [], next: null };
const serversPage = { after: '', stack: [], next: null, group: '', status: '' };

export function enter(root) {
  const tiles = h('div', { class: 'tiles', id: 'totals' });
  const trackers = h('div', { class: 'card', id: 'trackers' });
  const groups = h('div', { id: 'groups' });
  const servers = h('div', { id: 'servers' });
  root.append(h('h1', {}, 'Cluster overview'), tiles, trackers, h('h2', {}, 'Groups'), groups, h('h2', {}, 'Storage servers'), servers);
  const load = async () => {
    try {
      const o = await api('GET', '/overview' + q({ after: groupsPage.after, limit: 50 }));
      renderTotals(tiles, o);
      renderTrackers(trackers, o);
      groupsPage.next = o.nextAfter;
      groupsPage.info = `${o.totals.groups} group(s)`;
      renderGroups(groups, o.groups, load);
      const s = await api('GET', '/servers' + q({ after: serversPage.after, limit: 50, group: serversPage.group, status: serversPage.status }));
      serversPage.next = s.nextAfter;
      serversPage.info = `${s.total} server(s)`;
      renderServers(servers, s.servers, o.groups, load);
    } catch (e) {
      clear(tiles).append(h('p', { class: 'error' }, 'Could not load the cluster: ' + e.message));
    }
  };
  load();
  timer = setInterval(load, 2000);
}

export function leave() { clearInterval(timer); }

function tile(label, value, id) {
  return h('div', { class: 'tile', id }, h('div', { class: 'label' }, label), h('div', { class: 'value' }, value));
}

function renderTotals(el, o) {
  const t = o.totals;
  clear(el).append(
    tile('Groups', t.groups, 'total-groups'),
    tile('Servers active', `${t.activeServers} / ${t.servers}`, 'total-servers'),
    tile('Capacity', bytes(t.totalBytes), 'total-capacity'),
    tile('Used', bytes(t.usedBytes), 'total-used'),
    tile('Free', bytes(t.freeBytes), 'total-free'),
    tile('Days to full', days(t.daysToFull), 'total-dtf'));
  if (o.error) el.append(h('p', { class: 'error' }, o.error));
}

function renderTrackers(el, o) {
  clear(el).append(h('div', {}, h('strong', {}, 'Trackers: '),
    o.trackers.map((t) => h('span', { class: 'chip' }, t.address + (t.leader ? ' (leader)' : ''))),
    h('span', { class: 'muted' }, ' Raft leader: ' + (o.leader || 'unknown'))));
}

function renderGroups(el, groups, reload) {
  clear(el).append(h('table', { id: 'groups-table' },
    h('thead', {}, h('tr', {}, h('th', {}, 'Group'), h('th', { class: 'num' }, 'Servers'), h('th', { class: 'num' }, 'Active'),
      h('th', {}, 'Used'), h('th', { class: 'num' }, 'Free'), h('th', { class: 'num' }, 'Total'), h('th', { class: 'num' }, 'Days to full'))),
    h('tbody', {}, groups.map((g) => h('tr', { dataset: { group: g.name } },
      h('td', {}, h('a', { class: 'nav', onclick: () => { serversPage.group = g.name; serversPage.after = ''; serversPage.stack = []; reload(); } }, g.name)),
      h('td', { class: 'num' }, g.servers), h('td', { class: 'num' }, g.active),
      h('td', {}, usageBar(g.usedBytes, g.totalBytes)), h('td', { class: 'num' }, bytes(g.freeBytes)),
      h('td', { class: 'num' }, bytes(g.totalBytes)), h('td', { class: 'num' }, days(g.daysToFull)))))),
  pager(groupsPage, reload));
}

function renderServers(el, servers, groups, reload) {
  const groupSel = h('select', { id: 'server-group-filter', onchange: (e) => { serversPage.group = e.target.value; serversPage.after = ''; serversPage.stack = []; reload(); } },
    h('option', { value: '' }, 'all groups'), groups.map((g) => h('option', { value: g.name, selected: g.name === serversPage.group }, g.name)));
  if (serversPage.group && !groups.some((g) => g.name === serversPage.group)) groupSel.append(h('option', { value: serversPage.group, selected: true }, serversPage.group));
  const statusSel = h('select', { id: 'server-status-filter', onchange: (e) => { serversPage.status = e.target.value; serversPage.after = ''; serversPage.stack = []; reload(); } },
    ['', 'ACTIVE', 'OFFLINE', 'SYNCING', 'WAIT_SYNC'].map((s) => h('option', { value: s, selected: s === serversPage.status }, s || 'any status')));
  clear(el).append(h('div', { class: 'toolbar' }, groupSel, statusSel),
    h('table', { id: 'servers-table' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Server'), h('th', {}, 'Group'), h('th', {}, 'Address'), h('th', {}, 'Status'),
        h('th', {}, 'Store paths (used / free / total)'), h('th', {}, 'Last heartbeat'), h('th', { class: 'num' }, 'Sync lag'), h('th', { class: 'num' }, 'Days to full'))),
      h('tbody', {}, servers.map((s) => h('tr', { class: 'server-row', dataset: { serverId: s.serverId, group: s.group, status: s.status } },
        h('td', { class: 'mono' }, s.serverId), h('td', {}, s.group), h('td', { class: 'mono' }, `${s.host}:${s.port}`),
        h('td', { class: 'server-status' }, statusBadge(s.status)),
        h('td', { class: 'server-capacity' }, s.storePaths.map((p) => h('div', {},
          h('span', { class: 'mono' }, 'M' + String(p.index).padStart(2, '0') + ' '),
          p.freeBytes === undefined ? h('span', { class: 'muted' }, `not reported / ${bytes(p.totalBytes)}`)
            : h('span', {}, usageBar(p.usedBytes, p.totalBytes), ` ${bytes(p.usedBytes)} / ${bytes(p.freeBytes)} / ${bytes(p.totalBytes)}`)))),
        h('td', {}, ago(s.lastBeatMs)),
        h('td', { class: 'num server-sync' }, syncText(s)),
        h('td', { class: 'num' }, days(s.daysToFull)))))),
    pager(serversPage, reload));
}

function syncText(s) {
  if (s.syncLagMs !== null && s.syncLagMs !== undefined) return Math.round(s.syncLagMs / 1000) + ' s';
  if (s.syncBehindBytes !== null && s.syncBehindBytes !== undefined) {
    return bytes(s.syncBehindBytes) + ' behind' + (s.syncState ? ` (${s.syncState.toLowerCase()})` : '');
  }
  return '–';
}
