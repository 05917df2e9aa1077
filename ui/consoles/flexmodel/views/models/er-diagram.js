// The ER diagram of a datasource's entities: a box per entity listing its fields (the
// identity marked, relation fields set apart), and a line per relation field from its row
// to the row of the field it matches in the other box. Drawn as SVG with createElementNS
// (names are set as text, never parsed); a large diagram scrolls, pans by dragging, and
// zooms. A click on a box opens that model.
import { h } from '../../../../dom.js';
import { t } from '../../../../i18n.js';
import { typeText } from './shared.js';

const NS = 'http://www.w3.org/2000/svg';
const ROW = 20;
const HEAD = 30;
const GAP_X = 170;
const GAP_Y = 70;
const CHAR = 7.2;

function svg(tag, attrs = {}, text) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

/** Where each entity's box goes: a grid wider than tall (screens are), in the list's order. */
function layout(entities) {
  const cols = Math.max(1, Math.ceil(Math.sqrt(entities.length * 2)));
  const boxes = new Map();
  let x = 20;
  let y = 20;
  let rowHeight = 0;
  entities.forEach((e, i) => {
    const fields = e.fields || [];
    const widest = Math.max(e.name.length + 4, ...fields.map((f) => f.name.length + typeText(f).length + 5));
    const box = { e, x, y, w: Math.max(170, Math.ceil(widest * CHAR) + 24), h: HEAD + ROW * Math.max(1, fields.length) + 8 };
    boxes.set(e.name, box);
    rowHeight = Math.max(rowHeight, box.h);
    x += box.w + GAP_X;
    if ((i + 1) % cols === 0) {
      x = 20;
      y += rowHeight + GAP_Y;
      rowHeight = 0;
    }
  });
  const all = [...boxes.values()];
  const width = Math.max(...all.map((b) => b.x + b.w), 200) + 20;
  const height = Math.max(...all.map((b) => b.y + b.h), 120) + 20;
  return { boxes, width, height };
}

/** The y of a field's row in its box (the header's middle when there is no such field). */
function rowY(box, name) {
  const i = (box.e.fields || []).findIndex((f) => f.name === name);
  return i < 0 ? box.y + HEAD / 2 : box.y + HEAD + ROW * i + ROW / 2 + 4;
}

function drawBox(box, onPick) {
  const { e, x, y, w } = box;
  const g = svg('g', { class: 'er-entity', 'data-model': e.name, transform: `translate(${x},${y})`, tabindex: '0', role: 'button' });
  g.append(svg('title', {}, e.comment ? `${e.name} · ${e.comment}` : e.name));
  g.append(svg('rect', { class: 'er-fill', width: w, height: box.h, rx: 6 }));
  g.append(svg('path', { class: 'er-head', d: `M0 6 a6 6 0 0 1 6 -6 h${w - 12} a6 6 0 0 1 6 6 v${HEAD - 6} h${-w} z` }));
  g.append(svg('rect', { class: 'er-box', width: w, height: box.h, rx: 6 }));
  g.append(svg('text', { class: 'er-name', x: 10, y: 20 }, e.name));
  (e.fields || []).forEach((f, i) => {
    const ty = HEAD + ROW * i + ROW / 2 + 8;
    const cls = f.identity ? 'er-field er-id' : f.type === 'Relation' ? 'er-field er-rel' : 'er-field';
    g.append(svg('text', { class: cls, x: 10, y: ty, 'data-field': f.name }, f.name));
    g.append(svg('text', { class: 'er-type', x: w - 10, y: ty, 'text-anchor': 'end' }, typeText(f)));
  });
  g.addEventListener('click', () => onPick(e.name));
  g.addEventListener('keydown', (ev) => { if (ev.key === 'Enter') onPick(e.name); });
  return g;
}

/** A line for relation field `f` of `from`'s box to the row of its foreign field in `to`'s. */
function drawLink(from, f, to, lane) {
  const y1 = rowY(from, f.name);
  const y2 = rowY(to, f.foreignField);
  let d;
  let mid;
  if (from === to) {
    const x = from.x + from.w;
    const out = 30 + lane * 10;
    d = `M${x} ${y1} C${x + out} ${y1} ${x + out} ${y2} ${x} ${y2}`;
    mid = [x + out - 4, (y1 + y2) / 2];
  } else {
    const right = to.x + to.w / 2 >= from.x + from.w / 2;
    const sameColumn = Math.abs(to.x - from.x) < 1;
    const x1 = right || sameColumn ? from.x + from.w : from.x;
    const x2 = sameColumn ? to.x + to.w : right ? to.x : to.x + to.w;
    const bend = sameColumn ? 50 + lane * 10 : Math.max(40, Math.abs(x2 - x1) / 2);
    const c1 = x1 + (right || sameColumn ? bend : -bend);
    const c2 = x2 + (sameColumn ? bend : right ? -bend : bend);
    d = `M${x1} ${y1} C${c1} ${y1} ${c2} ${y2} ${x2} ${y2}`;
    mid = [(x1 + x2) / 2 + (sameColumn ? bend * 0.75 : 0), (y1 + y2) / 2 - 4];
  }
  const g = svg('g', { class: 'er-relation' });
  g.append(svg('path', {
    class: 'er-link', d, 'marker-end': 'url(#er-arrow)', 'marker-start': 'url(#er-dot)',
    'data-from': `${from.e.name}.${f.name}`, 'data-to': `${to.e.name}.${f.foreignField}`,
  }));
  g.append(svg('text', { class: 'er-label', x: mid[0], y: mid[1], 'text-anchor': 'middle' }, `${f.name} ${f.multiple ? '1:n' : 'n:1'}`));
  return g;
}

function markers() {
  const defs = svg('defs');
  const arrow = svg('marker', { id: 'er-arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 8, markerHeight: 8, orient: 'auto-start-reverse' });
  arrow.append(svg('path', { class: 'er-marker', d: 'M0 0 L10 5 L0 10 z' }));
  const dot = svg('marker', { id: 'er-dot', viewBox: '0 0 10 10', refX: 5, refY: 5, markerWidth: 6, markerHeight: 6 });
  dot.append(svg('circle', { class: 'er-marker', cx: 5, cy: 5, r: 4 }));
  defs.append(arrow, dot);
  return defs;
}

/** The diagram of `models`' entities; `onPick(name)` hears a click on a box. */
export function erDiagram(models, { onPick }) {
  const entities = models.filter((m) => m.type === 'entity');
  if (!entities.length) return h('div', { class: 'state state-empty' }, t('fm.models.noEntities'));
  const { boxes, width, height } = layout(entities);
  const root = svg('svg', { class: 'er-diagram', id: 'fm-er', viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': t('fm.models.er') });
  root.append(markers());
  const links = svg('g', { class: 'er-links' });
  for (const box of boxes.values()) {
    (box.e.fields || []).filter((f) => f.type === 'Relation').forEach((f, lane) => {
      const to = boxes.get(f.from);
      if (to) links.append(drawLink(box, f, to, lane));
    });
  }
  root.append(links, ...[...boxes.values()].map((b) => drawBox(b, onPick)));

  const pane = h('div', { class: 'fm-er-pane' }, root);
  let zoom = 1;
  const zoomTo = (z) => {
    zoom = Math.min(2.5, Math.max(0.3, z));
    root.setAttribute('width', String(width * zoom));
    root.setAttribute('height', String(height * zoom));
    level.textContent = `${Math.round(zoom * 100)}%`;
  };
  const level = h('span', { class: 'muted fm-er-level' }, '100%');
  const fit = () => zoomTo(Math.min(1, (pane.clientWidth - 4) / width, (pane.clientHeight - 4) / height) || 1);
  const tools = h('div', { class: 'toolbar fm-er-tools' },
    h('button', { class: 'btn btn-small', id: 'fm-er-out', 'aria-label': t('fm.models.zoomOut'), onclick: () => zoomTo(zoom / 1.25) }, '−'), level,
    h('button', { class: 'btn btn-small', id: 'fm-er-in', 'aria-label': t('fm.models.zoomIn'), onclick: () => zoomTo(zoom * 1.25) }, '+'),
    h('button', { class: 'btn btn-small', id: 'fm-er-fit', onclick: fit }, t('fm.models.fit')),
    h('span', { class: 'muted' }, t('fm.models.erHint', { entities: entities.length, relations: links.childElementCount })));

  // Dragging the background pans the pane.
  let drag = null;
  pane.addEventListener('pointerdown', (ev) => {
    if (ev.target.closest('.er-entity')) return;
    drag = { x: ev.clientX, y: ev.clientY, left: pane.scrollLeft, top: pane.scrollTop };
    pane.setPointerCapture(ev.pointerId);
    pane.classList.add('dragging');
  });
  pane.addEventListener('pointermove', (ev) => {
    if (!drag) return;
    pane.scrollLeft = drag.left - (ev.clientX - drag.x);
    pane.scrollTop = drag.top - (ev.clientY - drag.y);
  });
  const stop = () => { drag = null; pane.classList.remove('dragging'); };
  pane.addEventListener('pointerup', stop);
  pane.addEventListener('pointercancel', stop);
  return h('div', { class: 'fm-er', id: 'fm-er-view' }, tools, pane);
}
