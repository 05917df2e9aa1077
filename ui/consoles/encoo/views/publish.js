// The publish panel: files dropped on the window or picked in the dialog, each shown with its
// package name, version, size and what the console has, before anything is sent; then an
// upload per file with live progress (bytes, %, speed, time left), cancel and retry, while the
// rest of the app stays usable; and, once a version lands, its follow-ups.
import { api } from '../api.js';
import { h } from '../../../dom.js';
import { t } from '../../../i18n.js';
import { errorText } from '../../../components/dialog.js';
import { toast } from '../../../components/toast.js';
import { confirmUpgrade } from './upgrade.js';

const MiB = 1024 * 1024;
const items = new Map(); // uploadId -> item
let panel;
let list;
let ctx;
let nextId = 1;

export function formatBytes(n) {
  if (n === undefined || n === null) return '';
  if (n < 1024) return `${n} B`;
  if (n < MiB) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 * MiB) return `${(n / MiB).toFixed(1)} MiB`;
  return `${(n / (1024 * MiB)).toFixed(2)} GiB`;
}

function formatDuration(seconds) {
  if (!Number.isFinite(seconds)) return '…';
  if (seconds < 60) return t('pub.seconds', { n: Math.max(1, Math.round(seconds)) });
  return t('pub.minutes', { m: Math.floor(seconds / 60), s: Math.round(seconds % 60) });
}

/** Sets up the panel once; `context` gives navigation and the follow-ups' screens. */
export function initPublish(context) {
  ctx = context;
  panel = document.getElementById('publish');
  list = h('ul', { class: 'publish-list' });
  panel.replaceChildren(head(), list);
  api.publish.onOffered((candidates) => offer(candidates));
  api.publish.onError((err) => toast(errorText(err), { kind: 'error' }));
}

/** Draws the panel again in the current language. */
export function relabelPublish() {
  if (!panel) return;
  panel.firstChild.replaceWith(head());
  items.forEach(draw);
  updateTitle();
}

function head() {
  return h('header', { class: 'publish-head' },
    h('strong', { id: 'publish-title' }, t('pub.title')),
    h('div', { class: 'spacer' }),
    h('button', { class: 'btn btn-small', id: 'publish-add', onclick: pickFiles }, t('pub.add')),
    h('button', { class: 'btn btn-small btn-primary', id: 'publish-all', onclick: publishAll }, t('pub.all')),
    h('button', { class: 'btn btn-small', id: 'publish-clear', onclick: clearFinished }, t('pub.clear')),
    h('button', { class: 'icon-btn', 'aria-label': t('common.close'), onclick: hideIfIdle }, '×'));
}

/** Opens the native dialog for .dgs files. */
export async function pickFiles() {
  try {
    const paths = await api.publish.pick(t('pub.pickTitle'));
    if (paths.length) await api.publish.offer(paths);
  } catch (err) {
    toast(errorText(err), { kind: 'error' });
  }
}

function offer(candidates) {
  for (const c of candidates) {
    const item = { id: `up-${nextId++}`, c, state: c.problem ? 'problem' : 'ready', sent: 0, total: c.size || 0 };
    items.set(item.id, item);
    item.el = h('li', { class: 'publish-item', dataset: { upload: item.id } });
    list.append(item.el);
    draw(item);
  }
  panel.hidden = false;
  updateTitle();
}

function updateTitle() {
  const all = [...items.values()];
  const active = all.filter((i) => i.state === 'queued' || i.state === 'uploading').length;
  document.getElementById('publish-title').textContent = active
    ? t('pub.titleActive', { n: active, total: all.length }) : t('pub.titleCount', { total: all.length });
}

function publishAll() {
  for (const item of items.values()) if (item.state === 'ready') start(item);
}

function clearFinished() {
  for (const [id, item] of items) {
    if (!['queued', 'uploading'].includes(item.state)) {
      item.el.remove();
      items.delete(id);
    }
  }
  updateTitle();
  if (!items.size) panel.hidden = true;
}

function hideIfIdle() {
  if ([...items.values()].some((i) => i.state === 'queued' || i.state === 'uploading')) {
    toast(t('pub.stillRunning'));
    return;
  }
  clearFinished();
  panel.hidden = true;
}

async function start(item) {
  Object.assign(item, { state: 'queued', sent: 0, error: null, done: null, started: null, samples: [] });
  draw(item);
  updateTitle();
  let end;
  try {
    end = await api.publish.upload(item.id, item.c.path, (e) => onEvent(item, e));
  } catch (err) {
    end = { event: 'failed', error: err };
  }
  onEvent(item, end);
  updateTitle();
  if (end.event === 'done') toast(t('pub.landed', { name: end.package, version: end.version }));
}

function onEvent(item, e) {
  switch (e.event) {
    case 'queued': item.state = 'queued'; break;
    case 'started': Object.assign(item, { state: 'uploading', total: e.total, route: e.route, started: performance.now(), samples: [] }); break;
    case 'progress': {
      item.sent = e.sent;
      item.total = e.total;
      const now = performance.now();
      item.samples.push([now, e.sent]);
      while (item.samples.length > 2 && now - item.samples[0][0] > 3000) item.samples.shift();
      break;
    }
    case 'done': Object.assign(item, { state: 'done', done: e, sent: item.total }); break;
    case 'failed': Object.assign(item, { state: 'failed', error: e.error }); break;
    case 'cancelled': item.state = 'cancelled'; break;
    default: return;
  }
  draw(item);
}

/** Bytes per second over the last few seconds. */
function speed(item) {
  const s = item.samples || [];
  if (s.length < 2) return 0;
  const [t0, b0] = s[0];
  const [t1, b1] = s[s.length - 1];
  return t1 > t0 ? ((b1 - b0) * 1000) / (t1 - t0) : 0;
}

function progressLine(item) {
  const pct = item.total ? Math.floor((item.sent / item.total) * 100) : 0;
  const rate = speed(item);
  const left = rate > 0 ? (item.total - item.sent) / rate : Infinity;
  return h('div', { class: 'publish-progress' },
    h('progress', { max: String(item.total || 1), value: String(item.sent || 0), 'aria-label': item.c.fileName }),
    h('span', { class: 'publish-stats' },
      `${formatBytes(item.sent)} / ${formatBytes(item.total)} · ${pct}%`,
      rate ? ` · ${formatBytes(rate)}/s · ${t('pub.left', { time: formatDuration(left) })}` : ''));
}

function draw(item) {
  const { c } = item;
  item.el.dataset.state = item.state;
  const what = c.package
    ? h('div', { class: 'publish-what' }, h('strong', {}, c.package), ` ${c.version}`,
      h('span', { class: 'muted' }, c.existingVersion ? ` · ${t('pub.onConsole', { version: c.existingVersion })}` : ` · ${t('pub.newPackage')}`))
    : null;
  const actions = h('div', { class: 'publish-actions' });
  const button = (label, onclick, cls = 'btn btn-small') => actions.append(h('button', { class: cls, onclick }, label));
  let detail = null;
  switch (item.state) {
    case 'problem': detail = h('p', { class: 'error-text' }, c.problem); button(t('pub.remove'), () => remove(item)); break;
    case 'ready': button(t('pub.publish'), () => start(item), 'btn btn-small btn-primary'); button(t('pub.remove'), () => remove(item)); break;
    case 'queued': detail = h('p', { class: 'muted' }, t('pub.queued')); button(t('common.cancel'), () => api.publish.cancel(item.id)); break;
    case 'uploading': detail = progressLine(item); button(t('common.cancel'), () => api.publish.cancel(item.id)); break;
    case 'failed': detail = h('p', { class: 'error-text', role: 'alert' }, errorText(item.error)); button(t('common.retry'), () => start(item), 'btn btn-small btn-primary'); button(t('pub.remove'), () => remove(item)); break;
    case 'cancelled': detail = h('p', { class: 'muted' }, t('pub.cancelled')); button(t('common.retry'), () => start(item), 'btn btn-small btn-primary'); button(t('pub.remove'), () => remove(item)); break;
    case 'done': {
      const d = item.done;
      detail = h('p', { class: 'ok-text' }, t('pub.done', { version: d.version, route: t(`pub.route.${d.route}`) }));
      button(t('pub.openPackage'), () => ctx.openPackage(d.packageId), 'btn btn-small link-btn');
      button(t('pub.createWorkflow'), () => ctx.newWorkflow(d.packageId, d.versionId));
      button(t('pub.upgradeWorkflows'), () => upgradeUsers(d), 'btn btn-small btn-primary');
      break;
    }
    default: break;
  }
  item.el.replaceChildren(...[
    h('div', { class: 'publish-file' }, h('span', { class: 'publish-name' }, c.fileName), h('span', { class: 'muted' }, formatBytes(c.size))),
    what, detail, actions].filter(Boolean));
}

function remove(item) {
  item.el.remove();
  items.delete(item.id);
  updateTitle();
  if (!items.size) panel.hidden = true;
}

/**
 * The workflows that use the package and are not on the version just published, as Rust
 * finds them (every page); then what upgrading them would change, confirmed before anything
 * is sent. When the package's latest version is another one, the upgrade (which moves
 * workflows to the latest) is not offered, and the panel says why.
 */
async function upgradeUsers(done) {
  let behind;
  try {
    behind = await api.workflows.behind(done.packageId, done.versionId);
  } catch (err) {
    toast(errorText(err), { kind: 'error' });
    return;
  }
  const version = behind.version || done.version;
  if (!behind.users) {
    toast(t('pub.noUsers'));
    return;
  }
  if (behind.latestIsOther) {
    toast(t('pub.latestIsOther', { latest: behind.latestIsOther, version }), { timeout: 10000 });
    return;
  }
  if (!behind.workflows.length) {
    toast(t('pub.allCurrent', { version }));
    return;
  }
  const ids = behind.workflows.map((w) => w.Id);
  const result = await confirmUpgrade(ids, { intro: t('pub.usersOf', { name: behind.package || done.package, version }) });
  if (result) ctx.refresh();
}
