// A small chart of a few series over the same labels, drawn as SVG (bars, stacked or side by
// side, or lines), with its axes, a legend and an accessible title and summary. It redraws at
// the width it is given (ResizeObserver), so text stays its size. No console's names inside:
// callers pass the labels, the series and their words.
import { h } from '../dom.js';

const NS = 'http://www.w3.org/2000/svg';
let chartSeq = 0;

// Colours go in `style`, where var(--x) always works (as a presentation attribute it may not).
const PAINT = new Set(['fill', 'stroke']);

function svgEl(tag, attrs = {}, text) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null) continue;
    if (PAINT.has(k)) el.style.setProperty(k, String(v));
    else el.setAttribute(k, String(v));
  }
  if (text !== undefined) el.textContent = text;
  return el;
}

/** A round top for the axis: 1, 2, 5 times a power of ten, at least `max`. */
export function niceMax(max) {
  if (!(max > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  const step = [1, 2, 5, 10].find((m) => m * power >= max);
  return step * power;
}

/**
 * options: {
 *   title: the chart's accessible name (shown above it unless `showTitle` is false),
 *   labels: [string] along the x axis, formatLabel?(label) -> shorter text for the axis,
 *   series: [{name, values: [number], color: a CSS colour (a var(--x) works)}],
 *   kind: 'bar' | 'line', stacked: bars on top of one another (default true),
 *   height: px (default 200), summary?: text for assistive technology, empty?: text when
 *   every value is 0,
 * }
 * Returns the <figure>.
 */
export function chart(options) {
  const { title, labels = [], series = [], kind = 'bar', stacked = true, height = 200, showTitle = true } = options;
  const format = options.formatLabel || ((l) => l);
  const id = `chart-${(chartSeq += 1)}`;
  const total = (i) => series.reduce((n, s) => n + (Number(s.values[i]) || 0), 0);
  const all = labels.map((_, i) => total(i));
  const peak = kind === 'bar' && stacked ? Math.max(0, ...all) : Math.max(0, ...series.flatMap((s) => s.values.map(Number)));
  const top = niceMax(peak);
  const summary = options.summary || series.map((s) => `${s.name}: ${s.values.reduce((n, v) => n + (Number(v) || 0), 0)}`).join(', ');

  const svg = svgEl('svg', { class: 'chart-svg', role: 'img', 'aria-labelledby': `${id}-title ${id}-desc`, height, width: '100%' });
  // Styles through the CSSOM: the app's CSP refuses style attributes.
  const swatch = (color) => { const sw = h('span', { class: 'chart-swatch' }); sw.style.background = color; return sw; };
  const legend = h('ul', { class: 'chart-legend' }, series.map((s) => h('li', { dataset: { series: s.name } }, swatch(s.color), s.name)));
  const figure = h('figure', { class: 'chart', id },
    showTitle ? h('figcaption', { class: 'chart-title' }, title) : null,
    svg, legend,
    peak === 0 && options.empty ? h('p', { class: 'chart-empty muted' }, options.empty) : null);
  Object.assign(svg.style, { display: 'block', overflow: 'visible' });
  Object.assign(figure.style, { margin: '0', display: 'flex', flexDirection: 'column', gap: '6px' });
  Object.assign(legend.style, { display: 'flex', flexWrap: 'wrap', gap: '4px 14px', listStyle: 'none', margin: '0', padding: '0', fontSize: '12px', color: 'var(--muted)' });
  legend.querySelectorAll('.chart-swatch').forEach((sw) => Object.assign(sw.style, { display: 'inline-block', width: '10px', height: '10px', borderRadius: '2px', marginRight: '6px' }));

  function draw(width) {
    svg.replaceChildren(svgEl('title', { id: `${id}-title` }, title), svgEl('desc', { id: `${id}-desc` }, summary));
    const pad = { left: 40, right: 8, top: 10, bottom: 24 };
    const w = Math.max(120, width) - pad.left - pad.right;
    const ht = height - pad.top - pad.bottom;
    const y = (v) => pad.top + ht - (v / top) * ht;
    const text = { fill: 'var(--muted)', 'font-size': 11, 'font-family': 'inherit' };
    // The value axis: 0, half and the top, with light grid lines.
    for (const v of [0, top / 2, top]) {
      svg.append(svgEl('line', { x1: pad.left, x2: pad.left + w, y1: y(v), y2: y(v), stroke: 'var(--border)', 'stroke-width': 1 }),
        svgEl('text', { ...text, x: pad.left - 6, y: y(v) + 4, 'text-anchor': 'end' }, Number.isInteger(v) ? v : v.toFixed(1)));
    }
    const n = Math.max(1, labels.length);
    const slot = w / n;
    // Labels thinned so that they never overlap (about 64 px each).
    const every = Math.max(1, Math.ceil(64 / slot));
    labels.forEach((label, i) => {
      if (i % every) return;
      svg.append(svgEl('text', { ...text, x: pad.left + slot * (i + 0.5), y: height - 6, 'text-anchor': 'middle', class: 'chart-label' }, format(label)));
    });
    if (kind === 'line') {
      series.forEach((s) => {
        const points = s.values.map((v, i) => `${pad.left + slot * (i + 0.5)},${y(Number(v) || 0)}`).join(' ');
        svg.append(svgEl('polyline', { points, fill: 'none', stroke: s.color, 'stroke-width': 2, 'data-series': s.name }));
        s.values.forEach((v, i) => {
          const dot = svgEl('circle', { cx: pad.left + slot * (i + 0.5), cy: y(Number(v) || 0), r: 3, fill: s.color, 'data-series': s.name });
          dot.append(svgEl('title', {}, `${labels[i]} · ${s.name}: ${v}`));
          svg.append(dot);
        });
      });
      return;
    }
    const barWidth = Math.max(2, Math.min(40, slot * 0.7));
    labels.forEach((label, i) => {
      let base = 0;
      series.forEach((s, k) => {
        const v = Number(s.values[i]) || 0;
        const each = stacked ? barWidth : barWidth / series.length;
        const x = pad.left + slot * (i + 0.5) - barWidth / 2 + (stacked ? 0 : k * each);
        const from = stacked ? base : 0;
        const rect = svgEl('rect', { x, y: y(from + v), width: Math.max(1, each - (stacked ? 0 : 1)), height: Math.max(0, y(from) - y(from + v)), fill: s.color, 'data-series': s.name, 'data-value': v });
        rect.append(svgEl('title', {}, `${label} · ${s.name}: ${v}${stacked && series.length > 1 ? ` (${all[i]})` : ''}`));
        svg.append(rect);
        if (stacked) base += v;
      });
    });
  }

  draw(600);
  let drawnAt = 600;
  const observer = new ResizeObserver(([entry]) => {
    const width = Math.round(entry.contentRect.width);
    if (width > 0 && width !== drawnAt) {
      drawnAt = width;
      draw(width);
    }
  });
  observer.observe(figure);
  return figure;
}
