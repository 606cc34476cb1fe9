import { h } from '../dom.js';
import { LineChart } from '../charts.js';

let source = null;

export function enter(root) {
  const state = h('p', { class: 'muted', id: 'live-state' }, 'Connecting…');
  const grid = h('div', { class: 'charts' });
  root.append(h('h1', {}, 'Live throughput and latency'), state, grid);
  const ops = new LineChart(grid, 'Operations per second', 'ops/s');
  const mib = new LineChart(grid, 'Throughput', 'MiB/s');
  const errors = new LineChart(grid, 'Errors per second', 'err/s');
  const p99 = new LineChart(grid, 'p99 latency per operation', 'ms');
  const cap = new LineChart(grid, 'Cluster free space', 'GiB');
  const servers = new LineChart(grid, 'Storage servers', '');
  source = new EventSource('/api/stream');
  source.onmessage = (ev) => {
    const s = JSON.parse(ev.data);
    state.textContent = s.gateway === 'up' ? 'Gateway metrics: live (updated every second)'
      : `Gateway metrics: ${s.gateway}; showing what the cluster view has.`;
    if (s.opsPerSec !== undefined) {
      const byOp = { total: s.opsPerSec };
      const lat = {};
      for (const o of s.operations || []) { byOp[o.operation] = o.opsPerSec; if (o.p99Ms !== null) lat[o.operation] = o.p99Ms; }
      ops.push(byOp);
      mib.push({ in: s.inMiBps, out: s.outMiBps });
      errors.push({ errors: s.errorsPerSec });
      p99.push(lat);
    } else {
      ops.push({}); mib.push({}); errors.push({}); p99.push({});
    }
    if (s.cluster) {
      cap.push({ free: s.cluster.freeBytes / 1073741824 });
      servers.push({ active: s.cluster.active, total: s.cluster.servers });
    }
  };
  source.onerror = () => { state.textContent = 'Stream interrupted; reconnecting…'; };
}

export function leave() { if (source) source.close(); source = null; }
