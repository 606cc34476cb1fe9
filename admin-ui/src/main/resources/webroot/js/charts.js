// A tiny SVG line chart: fixed-length series, auto-scaled y axis, a legend. No dependencies.
const NS = 'http://www.w3.org/2000/svg';
const COLORS = ['#2f6fde', '#1f9d55', '#d33a3a', '#c98a00', '#7b4bd6', '#0f8f9b', '#b64d8c', '#5c6b82'];

function el(tag, attrs) {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

export class LineChart {
  /** @param points number of samples kept per series */
  constructor(container, title, unit, points = 120) {
    this.unit = unit; this.points = points; this.series = new Map();
    this.root = document.createElement('div'); this.root.className = 'chart';
    const h3 = document.createElement('h3'); h3.textContent = title; this.root.append(h3);
    this.svg = el('svg', { viewBox: '0 0 600 160', role: 'img', 'aria-label': title });
    this.legend = document.createElement('div'); this.legend.className = 'legend';
    this.root.append(this.svg, this.legend);
    container.append(this.root);
  }

  /** Appends one sample per named series (missing names get null = a gap). */
  push(values) {
    for (const name of Object.keys(values)) if (!this.series.has(name)) this.series.set(name, new Array(this.points).fill(null));
    for (const [name, arr] of this.series) { arr.push(values[name] ?? null); if (arr.length > this.points) arr.shift(); }
    this.draw();
  }

  draw() {
    const W = 600, H = 160, L = 46, B = 16, T = 6;
    while (this.svg.firstChild) this.svg.firstChild.remove();
    let max = 0;
    for (const arr of this.series.values()) for (const v of arr) if (v !== null && v > max) max = v;
    max = niceMax(max);
    for (let i = 0; i <= 4; i++) {
      const y = T + ((H - B - T) * i) / 4;
      this.svg.append(el('line', { x1: L, x2: W, y1: y, y2: y, stroke: '#e6e9ef', 'stroke-width': 1 }));
      const t = el('text', { x: L - 6, y: y + 4, 'text-anchor': 'end', 'font-size': 10, fill: '#687086' });
      t.textContent = fmt(max * (1 - i / 4));
      this.svg.append(t);
    }
    let idx = 0;
    while (this.legend.firstChild) this.legend.firstChild.remove();
    for (const [name, arr] of this.series) {
      const color = COLORS[idx++ % COLORS.length];
      let d = ''; let pen = false;
      arr.forEach((v, i) => {
        if (v === null) { pen = false; return; }
        const x = L + ((W - L) * i) / (this.points - 1);
        const y = T + (H - B - T) * (1 - (max > 0 ? v / max : 0));
        d += (pen ? 'L' : 'M') + x.toFixed(1) + ' ' + y.toFixed(1) + ' ';
        pen = true;
      });
      if (d) this.svg.append(el('path', { d, fill: 'none', stroke: color, 'stroke-width': 1.8, 'vector-effect': 'non-scaling-stroke' }));
      const last = [...arr].reverse().find((v) => v !== null);
      const item = document.createElement('span');
      const sw = document.createElement('i'); sw.style.background = color;
      item.append(sw, `${name}: ${last === undefined ? '–' : fmt(last)} ${this.unit}`);
      this.legend.append(item);
    }
  }
}

function niceMax(v) {
  if (v <= 0) return 1;
  const p = Math.pow(10, Math.floor(Math.log10(v)));
  for (const m of [1, 2, 2.5, 5, 10]) if (v <= m * p) return m * p;
  return 10 * p;
}

function fmt(v) {
  if (Number.isInteger(v) || v >= 100) return Math.round(v).toString();
  if (v >= 10) return v.toFixed(1);
  return v.toFixed(2);
}
