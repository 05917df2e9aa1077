// Small DOM helpers: build elements whose text is always set with textContent, never parsed
// as HTML, and delegate events.

/** h('button', {class: 'x', onclick: f, dataset: {id}}, 'text', child) */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  // A button is a plain button unless it says otherwise: inside a dialog's form, the
  // browser's default (submit) would close the dialog on any click.
  if (tag === 'button') el.type = 'button';
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'text') el.textContent = value;
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

/** A small line icon drawn as SVG (fonts here lack most symbol glyphs). */
export function icon(name) {
  const NS = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(NS, 'svg');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('width', '14');
  svg.setAttribute('height', '14');
  svg.setAttribute('aria-hidden', 'true');
  svg.classList.add('icon');
  const shapes = {
    copy: [['rect', { x: 5, y: 5, width: 9, height: 9, rx: 1.5 }], ['path', { d: 'M11 3.5V3a1 1 0 0 0-1-1H3a1 1 0 0 0-1 1v7a1 1 0 0 0 1 1h.5' }]],
  }[name] || [];
  for (const [tag, attrs] of shapes) {
    const shape = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs)) shape.setAttribute(k, String(v));
    shape.setAttribute('fill', 'none');
    shape.setAttribute('stroke', 'currentColor');
    shape.setAttribute('stroke-width', '1.4');
    svg.append(shape);
  }
  return svg;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Writes `text` into `el` only when it differs: an unchanged text costs the window no repaint. */
export function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}

export function clear(el) {
  el.replaceChildren();
  return el;
}

/** Calls handler(event, matched) for events on descendants of root matching selector. */
export function delegate(root, type, selector, handler) {
  root.addEventListener(type, (event) => {
    const matched = event.target.closest(selector);
    if (matched && root.contains(matched)) handler(event, matched);
  });
}

export function debounce(fn, ms) {
  let timer;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

let timeFormat = null;

export function formatTime(text) {
  if (!text) return '—';
  const d = new Date(text);
  if (Number.isNaN(d.getTime())) return text;
  // In the UI's language (set on <html lang>), not the OS locale's. Building a formatter is
  // slow, so one is kept per language.
  const lang = document.documentElement.lang || 'en';
  if (!timeFormat || timeFormat.lang !== lang) {
    timeFormat = { lang, format: new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }) };
  }
  return timeFormat.format.format(d);
}

export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = h('textarea', { class: 'offscreen' });
    area.value = text;
    document.body.append(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    return ok;
  }
}
