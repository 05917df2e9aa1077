// A flow's model drawn as a read-only diagram, left to right: each node (start, end, tasks,
// gateways…) a box with its type and its name or key, each sequence flow an arrow. The Flows
// screen shows a flow's design with it; an instance's page passes each node's status to
// colour it. SVG built node by node; every text from the console goes in through textContent.
import { h } from '../../../../dom.js';
import { t } from '../../../../i18n.js';
import '../../strings/diagram.js';

const SVG = 'http://www.w3.org/2000/svg';
/** Element type codes (flexmodel-server.md "Flows"). */
const SEQUENCE_FLOW = 1;
const ROUND = new Set([2, 3]); // start and end
const GATEWAYS = new Set([6, 9, 10]);
const NODE_W = 150;
const NODE_H = 58;
const COL_GAP = 56;
const ROW_GAP = 26;
const PAD = 16;

function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  for (const c of children) el.append(c);
  return el;
}

function svgText(attrs, text) {
  const el = svg('text', attrs);
  el.textContent = text;
  return el;
}

/** The nodes and the arrows between them, from a model's `flowElementList`. */
export function graphOf(flowModel) {
  const elements = Array.isArray(flowModel?.flowElementList) ? flowModel.flowElementList : [];
  const nodes = elements.filter((e) => e && e.key != null && Number(e.type) !== SEQUENCE_FLOW);
  const byKey = new Map(nodes.map((n) => [String(n.key), n]));
  const edges = [];
  const seen = new Set();
  const add = (from, to) => {
    const id = `${from}\u0000${to}`;
    if (byKey.has(from) && byKey.has(to) && !seen.has(id)) {
      seen.add(id);
      edges.push({ from, to });
    }
  };
  for (const e of elements) {
    if (!e || e.key == null) continue;
    if (Number(e.type) === SEQUENCE_FLOW) {
      for (const from of e.incoming ?? []) for (const to of e.outgoing ?? []) add(String(from), String(to));
    } else {
      // A node whose outgoing names another node directly (no sequence flow between them).
      for (const to of e.outgoing ?? []) add(String(e.key), String(to));
    }
  }
  return { nodes, edges };
}

/**
 * Each node's column: the longest path to it from the nodes nothing points at, over the
 * edges that are not loops (an edge back to a node on the current depth-first path).
 */
export function layersOf({ nodes, edges }) {
  const keys = nodes.map((n) => String(n.key));
  const out = new Map(keys.map((k) => [k, []]));
  const into = new Map(keys.map((k) => [k, 0]));
  for (const e of edges) {
    out.get(e.from).push(e.to);
    into.set(e.to, into.get(e.to) + 1);
  }
  const state = new Map(); // 1: on the path, 2: done
  const back = new Set();
  const finished = [];
  const visit = (k) => {
    state.set(k, 1);
    for (const to of out.get(k)) {
      if (state.get(to) === 1) back.add(`${k}\u0000${to}`);
      else if (!state.has(to)) visit(to);
    }
    state.set(k, 2);
    finished.push(k);
  };
  for (const k of [...keys.filter((k) => into.get(k) === 0), ...keys]) if (!state.has(k)) visit(k);
  const layer = new Map(keys.map((k) => [k, 0]));
  for (const k of finished.reverse()) {
    for (const to of out.get(k)) {
      if (!back.has(`${k}\u0000${to}`)) layer.set(to, Math.max(layer.get(to), layer.get(k) + 1));
    }
  }
  return layer;
}

function typeName(type) {
  const key = `fm.diagram.type.${Number(type)}`;
  const text = t(key);
  return text === key ? t('fm.diagram.type.other', { type }) : text;
}

/**
 * The diagram of `flowModel` (parsed JSON, `{flowElementList: [...]}`), in a scrolling box.
 * `statusByKey`: node key → node status (0 default, 1 completed, 2 active, 3 failed,
 * 4 revoked), shown as each node's colour and `data-status`.
 */
export function flowDiagram(flowModel, { statusByKey = {} } = {}) {
  const graph = graphOf(flowModel);
  const box = h('div', { class: 'fm-diagram' });
  if (!graph.nodes.length) {
    box.append(h('p', { class: 'muted fm-diagram-empty' }, t('fm.diagram.empty')));
    return box;
  }
  const layer = layersOf(graph);
  const columns = new Map();
  for (const n of graph.nodes) {
    const c = layer.get(String(n.key)) ?? 0;
    if (!columns.has(c)) columns.set(c, []);
    columns.get(c).push(n);
  }
  const rows = Math.max(...[...columns.values()].map((c) => c.length));
  const height = PAD * 2 + rows * NODE_H + (rows - 1) * ROW_GAP;
  const cols = Math.max(...columns.keys()) + 1;
  const width = PAD * 2 + cols * NODE_W + (cols - 1) * COL_GAP;
  const place = new Map();
  for (const [c, list] of columns) {
    const used = list.length * NODE_H + (list.length - 1) * ROW_GAP;
    list.forEach((n, i) => {
      const x = PAD + c * (NODE_W + COL_GAP);
      const y = (height - used) / 2 + i * (NODE_H + ROW_GAP);
      place.set(String(n.key), { x, y });
    });
  }

  const root = svg('svg', {
    class: 'fm-diagram-svg', width, height, viewBox: `0 0 ${width} ${height}`,
    role: 'img', 'aria-label': t('fm.diagram.label', { n: graph.nodes.length }),
  });
  root.append(svg('defs', {}, svg('marker', {
    id: 'fm-arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse',
  }, svg('path', { d: 'M0,0 L10,5 L0,10 z', class: 'fm-diagram-arrowhead' }))));

  for (const e of graph.edges) {
    const a = place.get(e.from);
    const b = place.get(e.to);
    const x1 = a.x + NODE_W;
    const y1 = a.y + NODE_H / 2;
    const x2 = b.x;
    const y2 = b.y + NODE_H / 2;
    let d;
    if (x2 > x1) {
      const mid = (x1 + x2) / 2;
      d = `M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}`;
    } else {
      // A loop back: out of the bottom, under both nodes, into the bottom of the target.
      const below = Math.max(a.y, b.y) + NODE_H + ROW_GAP / 2 + 4;
      d = `M${a.x + NODE_W / 2},${a.y + NODE_H} C${a.x + NODE_W / 2},${below} ${b.x + NODE_W / 2},${below} ${b.x + NODE_W / 2},${b.y + NODE_H}`;
    }
    root.append(svg('path', { d, class: 'fm-diagram-edge', 'marker-end': 'url(#fm-arrow)', 'data-from': e.from, 'data-to': e.to }));
  }

  for (const n of graph.nodes) {
    const key = String(n.key);
    const { x, y } = place.get(key);
    const type = Number(n.type);
    const status = statusByKey[key];
    const name = n.properties?.name;
    const g = svg('g', {
      class: `fm-node${GATEWAYS.has(type) ? ' fm-node-gateway' : ''}`,
      'data-key': key, 'data-type': type, transform: `translate(${x},${y})`,
    });
    if (status !== undefined && status !== null) g.setAttribute('data-status', String(status));
    const title = svg('title');
    title.textContent = `${typeName(type)} · ${key}${name ? ` · ${name}` : ''}`;
    g.append(
      title,
      svg('rect', { width: NODE_W, height: NODE_H, rx: ROUND.has(type) ? NODE_H / 2 : 6, class: 'fm-node-box' }),
      svgText({ x: NODE_W / 2, y: 22, class: 'fm-node-type', 'text-anchor': 'middle' }, typeName(type)),
      svgText({ x: NODE_W / 2, y: 42, class: 'fm-node-name', 'text-anchor': 'middle' }, shorten(name || key, 20)),
    );
    root.append(g);
  }
  box.append(root);
  return box;
}

function shorten(text, max) {
  const s = String(text);
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
