// The API definitions' folder tree: folders open and close, each API with its method badge,
// disabled ones greyed; a search by name or path shows the matching nodes with their
// ancestors (opened). Also the tree's lookups the screen needs (a node by id, its ancestors,
// the folders, what lies under a node).
import { h } from '../../../../dom.js';
import { t } from '../../../../i18n.js';

/** Every node depth first, with its depth and its ancestors' ids. */
export function walk(roots, depth = 0, ancestors = []) {
  return (roots || []).flatMap((n) => [{ node: n, depth, ancestors },
    ...walk(n.children, depth + 1, [...ancestors, n.id])]);
}

export function findNode(roots, id) {
  return walk(roots).find((w) => w.node.id === id)?.node || null;
}

/** What lies under `node`: its direct children, and the nodes deeper down. */
export function under(node) {
  const direct = node.children || [];
  const deeper = walk(direct.flatMap((c) => c.children || []));
  return { direct, deeper };
}

export function methodBadge(method) {
  const m = (method || '').toUpperCase();
  return h('span', { class: `method method-${m.toLowerCase() || 'none'}` }, m || '—');
}

/**
 * Draws `roots` into `host`. state: {selected, query, open: Set of folder ids}; on: {select(id),
 * toggle(id)}. Returns how many nodes are shown.
 */
export function renderTree(host, roots, state, on) {
  const q = state.query.trim().toLowerCase();
  const all = walk(roots);
  const hits = q ? all.filter(({ node }) => `${node.name || ''}\n${node.path || ''}`.toLowerCase().includes(q)) : all;
  const shown = new Set();
  for (const { node, ancestors } of hits) {
    shown.add(node.id);
    ancestors.forEach((a) => shown.add(a));
  }
  const rows = [];
  const visit = (nodes, depth) => {
    for (const node of nodes || []) {
      if (!shown.has(node.id)) continue;
      const folder = node.type === 'FOLDER';
      // A search opens the way to what it found; otherwise folders are as the user left them.
      const open = folder && (q ? true : state.open.has(node.id));
      rows.push(row(node, depth, open, state.selected === node.id, on));
      if (open) visit(node.children, depth + 1);
    }
  };
  visit(roots, 0);
  host.replaceChildren(...(rows.length ? rows
    : [h('p', { class: 'muted tree-empty' }, q ? t('fm.apis.noMatch', { q: state.query.trim() }) : t('fm.apis.empty'))]));
  return rows.length;
}

function row(node, depth, open, selected, on) {
  const folder = node.type === 'FOLDER';
  const caret = folder
    ? h('button', { class: 'tree-caret', 'aria-label': open ? 'collapse' : 'expand', 'aria-expanded': String(open),
      onclick: (e) => { e.stopPropagation(); on.toggle(node.id); } }, open ? '▾' : '▸')
    : h('span', { class: 'tree-caret' });
  const count = folder ? h('span', { class: 'muted tree-count' }, String((node.children || []).length)) : null;
  return h('div', {
    class: `tree-row${selected ? ' selected' : ''}${node.enabled === false ? ' off' : ''}`,
    role: 'treeitem', tabindex: '0', 'aria-selected': String(selected),
    dataset: { node: node.id, name: node.name || '', kind: node.type },
    style: `padding-left: ${6 + depth * 16}px`,
    onclick: () => on.select(node.id),
    onkeydown: (e) => { if (e.key === 'Enter') on.select(node.id); },
  }, caret, folder ? h('span', { class: 'folder-mark', 'aria-hidden': 'true' }) : methodBadge(node.method),
  h('span', { class: 'tree-name' }, node.name || '—'),
  folder ? count : h('span', { class: 'tree-path muted' }, node.path || ''),
  node.enabled === false ? h('span', { class: 'badge badge-off tree-off' }, t('fm.apis.disabled')) : null);
}
