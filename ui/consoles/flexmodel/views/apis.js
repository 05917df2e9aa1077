// The API definitions screen: the folder tree (searched by name and path) on the left; the
// chosen folder or API on the right, with its actions (rename, enable or disable, move,
// delete) and its tabs: overview, edit, try, history. The chosen node, its tab and the search
// travel in the address (`api`, `tab`, `q`), so the place survives a switch of profile.
import { h, formatTime, debounce } from '../../../dom.js';
import { t } from '../../../i18n.js';
import { errorBox, errorText } from '../../../components/dialog.js';
import { facts, badge } from '../../../components/list-view.js';
import { toast } from '../../../components/toast.js';
import { api, rememberedThenFresh } from '../api.js';
import { renderTree, findNode, methodBadge, walk } from './apis/tree.js';
import { editorPanel } from './apis/editor.js';
import { historiesPanel } from './apis/histories.js';
import { tryPanel } from './apis/try.js';
import { createNode, renameNode, moveNode, deleteNode, generateApis } from './apis/dialogs.js';
import '../strings/apis.js';

const TABS = ['overview', 'edit', 'try', 'history'];

export function apisView(ctx, params = {}) {
  const state = { roots: [], selected: params.api || null, tab: TABS.includes(params.tab) ? params.tab : 'overview', query: params.q || '', open: new Set() };
  let panelGone = new AbortController();

  const search = h('input', { class: 'input search', id: 'api-search', type: 'search', value: state.query, placeholder: t('fm.apis.search'), 'aria-label': t('fm.apis.search') });
  const treeHost = h('div', { class: 'api-tree', id: 'apis-tree', role: 'tree' }, h('div', { class: 'state state-loading' }, t('common.loading')));
  const detail = h('div', { class: 'api-detail', id: 'api-detail' });
  const remember = () => ctx.setParams({ api: state.selected, tab: state.tab === 'overview' ? null : state.tab, q: state.query.trim() || null });

  const parentFolder = () => {
    const node = findNode(state.roots, state.selected);
    if (!node) return null;
    return node.type === 'FOLDER' ? node : findNode(state.roots, node.parentId);
  };
  const toolbar = [
    h('button', { class: 'btn btn-primary', id: 'api-new', onclick: () => create('API') }, t('fm.apis.newApi')),
    h('button', { class: 'btn', id: 'api-new-folder', onclick: () => create('FOLDER') }, t('fm.apis.newFolder')),
    h('button', { class: 'btn', id: 'api-generate', onclick: () => generate() }, t('fm.apis.generate')),
    h('button', { class: 'btn', id: 'api-refresh', onclick: () => load() }, t('common.refresh')),
  ];
  const el = h('section', { class: 'screen fm-apis' },
    h('div', { class: 'screen-head' }, h('h1', {}, t('fm.apis.title')), h('div', { class: 'toolbar' }, toolbar)),
    h('div', { class: 'api-layout' }, h('aside', { class: 'api-side' }, search, treeHost), detail));

  const drawTree = () => renderTree(treeHost, state.roots, state, {
    select: (id) => select(id),
    toggle: (id) => { if (state.open.has(id)) state.open.delete(id); else state.open.add(id); drawTree(); },
  });

  /** Opens the folders on the way to the chosen node. */
  const reveal = (id) => walk(state.roots).find((w) => w.node.id === id)?.ancestors.forEach((a) => state.open.add(a));

  function show(roots) {
    state.roots = roots;
    if (!state.open.size) roots.filter((r) => r.type === 'FOLDER').forEach((r) => state.open.add(r.id));
    // A first visit opens on the first API, as the console's own screen does.
    if (!state.selected) {
      state.selected = walk(roots).find((w) => w.node.type === 'API')?.node.id || null;
      if (state.selected) remember();
    }
    if (state.selected) reveal(state.selected);
    drawTree();
    drawDetail();
  }

  async function load({ select: id } = {}) {
    if (id) state.selected = id;
    try {
      show(await rememberedThenFresh(api.apis.tree, [], (fresh) => show(fresh)));
    } catch (err) {
      if (err.kind !== 'cancelled') treeHost.replaceChildren(errorBox(err, () => load()));
    }
  }

  function select(id, tab) {
    state.selected = id;
    if (tab) state.tab = tab;
    reveal(id);
    remember();
    drawTree();
    drawDetail();
  }

  function drawDetail() {
    panelGone.abort();
    panelGone = new AbortController();
    const node = findNode(state.roots, state.selected);
    if (!node) {
      detail.replaceChildren(h('div', { class: 'state' }, state.selected && state.roots.length ? t('fm.apis.gone') : t('fm.apis.pick')));
      return;
    }
    const isApi = node.type === 'API';
    const tabs = isApi ? TABS : ['overview', 'history'];
    if (!tabs.includes(state.tab)) state.tab = 'overview';
    const action = (name, label, fn, extra = '') => h('button', { class: `btn btn-small ${extra}`, dataset: { action: name }, onclick: fn }, label);
    const head = h('div', { class: 'api-head' },
      h('div', { class: 'api-title' }, isApi ? methodBadge(node.method) : h('span', { class: 'folder-mark big' }),
        h('h2', { id: 'api-name' }, node.name || '—'), isApi ? h('code', { class: 'muted' }, node.path || '') : null,
        node.enabled === false ? badge(t('fm.apis.disabled'), 'off') : badge(t('fm.apis.enabled'), 'ok')),
      h('div', { class: 'toolbar' },
        action('rename', t('fm.apis.rename'), () => rename(node)),
        action('toggle', node.enabled === false ? t('fm.apis.enable') : t('fm.apis.disable'), () => toggle(node)),
        action('move', t('fm.apis.move'), () => move(node)),
        action('delete', t('common.delete'), () => remove(node), 'btn-danger')));
    const tabBar = h('div', { class: 'tabs', role: 'tablist' }, tabs.map((tab) => h('button', {
      class: `tab${tab === state.tab ? ' active' : ''}`, role: 'tab', 'aria-selected': String(tab === state.tab), dataset: { tab },
      onclick: () => { state.tab = tab; remember(); drawDetail(); },
    }, t(`fm.apis.tab.${tab}`))));
    const signal = panelGone.signal;
    const panel = {
      overview: () => overview(node),
      edit: () => editorPanel(node, { onSaved: (saved) => reloadKeeping(saved.id, 'edit') }),
      try: () => tryPanel(node, { signal }),
      history: () => historiesPanel(node, { ctx, signal, onRestored: () => reloadKeeping(node.id, 'history') }),
    }[state.tab]();
    detail.replaceChildren(head, tabBar, h('div', { class: 'tab-panel', dataset: { panel: state.tab } }, panel));
  }

  function overview(node) {
    const m = node.meta || {};
    const ex = m.execution || {};
    if (node.type === 'FOLDER') {
      const kids = node.children || [];
      return h('div', {}, facts([[t('common.created'), formatTime(node.createdAt)], [t('fm.apis.createdBy'), node.createdBy]]),
        h('h3', {}, t('fm.apis.children')),
        kids.length ? h('ul', { class: 'plain api-children' }, kids.map((k) => h('li', {},
          k.type === 'API' ? methodBadge(k.method) : h('span', { class: 'folder-mark' }), ' ',
          h('button', { class: 'link', onclick: () => select(k.id) }, k.name), ' ', h('code', { class: 'muted' }, k.path || ''))))
          : h('p', { class: 'muted' }, t('fm.apis.noChildren')));
    }
    const parent = findNode(state.roots, node.parentId);
    return h('div', {}, facts([
      [t('fm.apis.parent'), parent ? parent.name : t('fm.apis.root')],
      [t('fm.apis.auth'), m.auth ? `${t('fm.apis.authOn')}${m.identityProvider ? ` · ${m.identityProvider}` : ''}` : t('fm.apis.authOff')],
      [t('fm.apis.rateLimit'), m.rateLimitingEnabled ? t('fm.apis.rateLimitOn', { max: m.maxRequestCount, seconds: m.intervalInSeconds }) : t('common.none')],
      [t('fm.apis.execType'), ex.executionType === 'script' ? t('fm.apis.exec.script') : t('fm.apis.exec.graphql')],
      [t('fm.apis.operation'), ex.operationName],
      [t('common.created'), `${formatTime(node.createdAt)}${node.createdBy ? ` · ${node.createdBy}` : ''}`],
      [t('common.modified'), formatTime(node.updatedAt)],
    ]), h('pre', { class: 'json api-query', id: 'api-query' }, ex.executionType === 'script' ? ex.executionScript || '' : ex.query || ''));
  }

  /** Asks the console again (the tree's cached answer is stale after a write) and reselects. */
  async function reloadKeeping(id, tab) {
    if (tab) state.tab = tab;
    state.selected = id;
    remember();
    await load();
  }

  async function create(kind) {
    const parent = parentFolder();
    const made = await createNode(kind, parent?.id, state.roots);
    if (!made) return;
    toast(t('fm.apis.created', { name: made.name }));
    await reloadKeeping(made.id, kind === 'API' ? 'edit' : 'overview');
  }

  async function generate() {
    const done = await generateApis();
    if (!done) return;
    const roots = await api.apis.tree();
    const folder = roots.filter((r) => r.type === 'FOLDER' && r.name === done.folder)
      .sort((a, b) => String(b.createdAt).localeCompare(String(a.createdAt)))[0];
    toast(t('fm.apis.gen.done', { n: folder?.children?.length ?? done.count, folder: done.folder }));
    if (folder) state.open.add(folder.id);
    await reloadKeeping(folder?.id || state.selected, 'overview');
  }

  async function rename(node) {
    if (await renameNode(node)) {
      toast(t('fm.apis.renamed'));
      await reloadKeeping(node.id);
    }
  }

  async function toggle(node) {
    const enabled = node.enabled === false;
    try {
      await api.apis.patch(node.id, null, enabled);
      toast(t(enabled ? 'fm.apis.switchedOn' : 'fm.apis.switchedOff', { name: node.name }));
      await reloadKeeping(node.id);
    } catch (err) {
      toast(errorText(err), { kind: 'error' });
    }
  }

  async function move(node) {
    if (await moveNode(node, state.roots)) await reloadKeeping(node.id);
  }

  async function remove(node) {
    const n = await deleteNode(node, ctx);
    if (n) await reloadKeeping(n > 0 ? node.parentId : node.id);
  }

  search.addEventListener('input', debounce(() => { state.query = search.value; remember(); drawTree(); }, 150));
  el.addEventListener('screen-leave', () => panelGone.abort());
  load();
  return el;
}
