// The Overview's live charts, drawn by uPlot (vendored under ui/vendor/uplot by
// scripts/vendor-ui). Colours come from the stylesheet's variables, read when a chart is made;
// `liveCharts` remakes its charts when the theme changes and fits them to their cards when the
// window is resized. No console's field names: the caller names the columns.
import uPlot from '../../../../vendor/uplot/uPlot.esm.js';
import { h, setText } from '../../../../dom.js';

const HEIGHT = 150;

/** A stylesheet variable's value now (`--accent` → `#2563eb`). */
export function cssVar(name, fallback = '#888') {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

/** A colour as rgba with `alpha` (for fills), from #rgb or #rrggbb; others as they are. */
export function alpha(color, a) {
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color);
  if (!m) return color;
  const hex = m[1].length === 3 ? [...m[1]].map((c) => c + c).join('') : m[1];
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return `rgba(${r}, ${g}, ${b}, ${a})`;
}

/** Axes in the theme's muted text and border colours. */
export function themedAxes(yValues) {
  const stroke = cssVar('--muted');
  const grid = { stroke: cssVar('--border'), width: 1 };
  return [
    { stroke, grid, ticks: grid, font: '11px system-ui, sans-serif' },
    { stroke, grid, ticks: grid, size: 44, font: '11px system-ui, sans-serif', values: yValues },
  ];
}

/** Calls `fit(width)` whenever `el`'s width changes (once per frame at most). */
export function onWidth(el, fit) {
  let last = 0;
  let frame = 0;
  const observer = new ResizeObserver(() => {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(() => {
      const width = Math.floor(el.clientWidth);
      if (width > 0 && width !== last) {
        last = width;
        fit(width);
      }
    });
  });
  observer.observe(el);
  return () => { cancelAnimationFrame(frame); observer.disconnect(); };
}

/**
 * The live charts. `specs`: [{id, title, unit ('%' or ''), max? (a fixed top), series:
 * [{label, column, color: a CSS variable name}]}]; columns index the ring's columns (0 is
 * time). Returns {el, update(columns), remake(), destroy()}.
 */
export function liveCharts(specs) {
  const cards = specs.map((spec) => {
    const now = h('span', { class: 'ov-chart-now', dataset: { now: spec.id } });
    const plot = h('div', { class: 'ov-plot' });
    const el = h('section', { class: 'card ov-chart', dataset: { chart: spec.id } },
      h('div', { class: 'ov-chart-head' }, h('h3', {}, spec.title), now), plot);
    return { spec, el, now, plot, chart: null, unwatch: null };
  });
  let columns = null;

  function make(card) {
    card.chart?.destroy();
    const { spec } = card;
    const yValues = (u, splits) => splits.map((v) => (spec.unit === '%' ? `${v}%` : String(v)));
    const opts = {
      width: Math.max(200, card.plot.clientWidth || 300),
      height: HEIGHT,
      legend: { show: true, live: false },
      cursor: { drag: { x: false, y: false }, points: { show: false } },
      scales: {
        x: { time: true },
        y: { range: (u, min, max) => [0, spec.max ?? Math.max(1, Math.ceil((max || 0) * 1.2))] },
      },
      axes: themedAxes(yValues),
      series: [{}, ...spec.series.map((s) => {
        const color = cssVar(s.color);
        return { label: s.label, stroke: color, fill: alpha(color, 0.08), width: 1.5, spanGaps: false, points: { size: 4 } };
      })],
    };
    card.chart = new uPlot(opts, data(card), card.plot);
  }

  function data(card) {
    const cols = columns || [[]];
    return [cols[0], ...card.spec.series.map((s) => cols[s.column] || [])];
  }

  const el = h('div', { class: 'ov-charts-grid' }, cards.map((c) => c.el));
  return {
    el,
    /** Draws the ring's columns (`[times, …]`); `latest(spec)` → the text beside the title. */
    update(next, latest) {
      columns = next;
      for (const card of cards) {
        if (!card.chart) {
          make(card);
          card.unwatch = onWidth(card.plot, (width) => card.chart?.setSize({ width, height: HEIGHT }));
        } else {
          card.chart.setData(data(card));
        }
        setText(card.now, latest(card.spec));
      }
    },
    /** Made again with the colours in force (the theme changed). */
    remake() {
      for (const card of cards) if (card.chart) make(card);
    },
    destroy() {
      for (const card of cards) {
        card.unwatch?.();
        card.chart?.destroy();
        card.chart = null;
      }
    },
  };
}
