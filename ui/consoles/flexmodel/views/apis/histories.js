// A definition's saved versions, newest first, with the current definition above them: tick
// any two and see them side by side (the diff is computed in Rust: rows aligned, changed
// lines marked on both sides, the changed characters of a replaced line highlighted);
// restore a version after asking (the console keeps the replaced definition as a version).
import { h, formatTime } from '../../../../dom.js';
import { t } from '../../../../i18n.js';
import { confirmDanger, errorBox, errorText } from '../../../../components/dialog.js';
import { toast } from '../../../../components/toast.js';
import { api } from '../../api.js';

const CURRENT = '__current';

/** When a version was saved, to the second (versions saved a minute apart are common). */
function when(v) {
  const text = v.updatedAt || v.createdAt;
  const d = new Date(text);
  if (!text || Number.isNaN(d.getTime())) return formatTime(text);
  return d.toLocaleString(document.documentElement.lang || 'en', { dateStyle: 'medium', timeStyle: 'medium' });
}

/**
 * The history of `node`. ctx: the screen's (production); onRestored(): the screen reloads.
 * signal: aborted when the screen goes.
 */
export function historiesPanel(node, { ctx, signal, onRestored }) {
  const list = h('div', { class: 'history-list', id: 'history-list' }, h('div', { class: 'state state-loading' }, t('common.loading')));
  const compare = h('button', { class: 'btn btn-primary', id: 'history-compare', disabled: true, onclick: () => showDiff() }, t('fm.apis.hist.compare'));
  const diffHost = h('div', { class: 'diff-host', id: 'diff-host' });
  const el = h('div', { class: 'histories' },
    h('div', { class: 'toolbar history-bar' }, h('span', { class: 'muted' }, t('fm.apis.hist.pickTwo')), compare),
    list, diffHost);
  let versions = [];
  let picked = [];

  const label = (v) => `${t('fm.apis.hist.version', { n: versions.length - versions.indexOf(v) })} · ${when(v)}`;
  const byId = (id) => (id === CURRENT ? { ...node, id: CURRENT } : versions.find((v) => v.id === id));

  function pick(id, on) {
    picked = picked.filter((p) => p !== id);
    if (on) picked.push(id);
    // Two at most: the earliest ticked makes way.
    if (picked.length > 2) picked.shift();
    list.querySelectorAll('.history-pick').forEach((b) => { b.checked = picked.includes(b.value); });
    compare.disabled = picked.length !== 2;
  }

  function item(v, current) {
    const id = current ? CURRENT : v.id;
    const box = h('input', { type: 'checkbox', class: 'history-pick', value: id, 'aria-label': current ? t('fm.apis.hist.current') : when(v) });
    box.addEventListener('change', () => pick(id, box.checked));
    return h('div', { class: `history-item${current ? ' current' : ''}`, dataset: { history: id } },
      h('label', { class: 'history-label' }, box,
        h('span', { class: 'history-when' }, current ? t('fm.apis.hist.current') : label(v)),
        h('span', { class: 'history-name' }, v.name || '—'),
        h('span', { class: 'muted' }, v.createdBy ? t('fm.apis.hist.by', { who: v.updatedBy || v.createdBy }) : '')),
      current ? null : h('button', { class: 'btn btn-small', dataset: { restore: v.id }, onclick: () => restore(v) }, t('fm.apis.hist.restore')));
  }

  async function load() {
    try {
      versions = await api.apis.histories(node.id, { signal });
      picked = picked.filter((p) => p === CURRENT || versions.some((v) => v.id === p));
      list.replaceChildren(item(node, true), ...versions.map((v) => item(v, false)),
        versions.length ? h('p', { class: 'muted history-count' }, t('fm.apis.hist.count', { n: versions.length }))
          : h('p', { class: 'muted' }, t('fm.apis.hist.none')));
      pick(null, false);
    } catch (err) {
      if (err.kind !== 'cancelled') list.replaceChildren(errorBox(err, load));
    }
  }

  async function showDiff() {
    // The older on the left: the current definition is the newest of all.
    const order = (id) => (id === CURRENT ? Infinity : versions.length - versions.findIndex((v) => v.id === id));
    const [a, b] = [...picked].sort((x, y) => order(x) - order(y)).map(byId);
    diffHost.replaceChildren(h('div', { class: 'state state-loading' }, t('common.loading')));
    try {
      const diff = await api.apis.diff(strip(a), strip(b), { signal });
      const title = (v) => (v.id === CURRENT ? t('fm.apis.hist.current') : label(v));
      diffHost.replaceChildren(diffView(diff, title(a), title(b)));
    } catch (err) {
      if (err.kind !== 'cancelled') diffHost.replaceChildren(errorBox(err));
    }
  }

  async function restore(v) {
    const time = when(v);
    const ok = await confirmDanger(node.name, { production: ctx.production(), message: t('fm.apis.hist.restoreAsk', { time }), action: t('fm.apis.hist.restore') });
    if (!ok) return;
    try {
      await api.apis.restore(node.id, v.id);
      toast(t('fm.apis.hist.restored', { time }));
      onRestored?.();
    } catch (err) {
      toast(errorText(err), { kind: 'error' });
    }
  }

  load();
  return el;
}

/** A version as the diff takes it (no children, no made-up id). */
function strip(v) {
  const { children, ...rest } = v;
  if (rest.id === CURRENT) delete rest.id;
  return rest;
}

/** The two versions side by side: line numbers, text, the changed characters marked. */
export function diffView(diff, leftTitle, rightTitle) {
  const cell = (line, side) => {
    if (!line) return [h('td', { class: 'diff-no' }), h('td', { class: `diff-text diff-${side} diff-blank` })];
    const parts = [];
    let at = 0;
    for (const [start, end] of line.ranges || []) {
      if (start > at) parts.push(line.text.slice(at, start));
      parts.push(h('mark', { class: 'diff-mark' }, line.text.slice(start, end)));
      at = end;
    }
    parts.push(line.text.slice(at));
    return [h('td', { class: 'diff-no' }, String(line.lineNo)), h('td', { class: `diff-text diff-${side}` }, ...parts)];
  };
  // How far each row is from the nearest change: the far ones can be folded away.
  const CONTEXT = 3;
  const near = diff.rows.map(() => Infinity);
  diff.rows.forEach((r, i) => {
    if (r.change === 'equal') return;
    for (let k = Math.max(0, i - CONTEXT); k <= Math.min(diff.rows.length - 1, i + CONTEXT); k += 1) near[k] = 0;
  });
  const rows = diff.rows.map((r, i) => h('tr', { class: `diff-row diff-${r.change}${near[i] ? ' diff-far' : ''}`, dataset: { change: r.change } },
    ...cell(r.left, 'left'), ...cell(r.right, 'right')));
  const table = h('table', { class: 'diff', id: 'api-diff' },
    h('colgroup', {}, h('col', { class: 'diff-no-col' }), h('col', {}), h('col', { class: 'diff-no-col' }), h('col', {})),
    h('thead', {}, h('tr', {}, h('th', { colspan: 2 }, leftTitle), h('th', { colspan: 2 }, rightTitle))),
    h('tbody', {}, rows));
  const only = h('input', { type: 'checkbox', id: 'diff-only' });
  only.checked = diff.changes > 0 && diff.rows.length > 40;
  const fold = () => table.classList.toggle('only-changes', only.checked);
  only.addEventListener('change', fold);
  fold();
  return h('div', { class: 'diff-wrap' },
    h('div', { class: 'diff-summary' }, h('strong', { id: 'diff-summary' }, diff.changes ? t('fm.apis.hist.changes', { n: diff.changes }) : t('fm.apis.hist.same')),
      diff.changes ? h('label', { class: 'check' }, only, t('fm.apis.hist.onlyChanges', { n: CONTEXT })) : null),
    h('div', { class: 'diff-scroll' }, table));
}

