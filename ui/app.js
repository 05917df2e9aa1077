// The shell: starts on the last profile (the Sandbox on first launch), signs in, and draws
// the header (profile, company, department), the navigation and the current screen. Every
// screen is drawn again when the profile, company, department or language changes.
import { api, onSessionExpired } from './api.js';
import { h } from './dom.js';
import { t, language, setLanguage, onLanguageChange } from './i18n.js';
import { errorBox, errorText } from './components/dialog.js';
import { toast } from './components/toast.js';
import { dashboardView } from './views/dashboard.js';
import { packagesView } from './views/packages.js';
import { queuesView } from './views/queues.js';
import { robotsView } from './views/robots.js';
import { workflowsView } from './views/workflows.js';
import { layoutsView } from './views/layouts.js';
import { meView } from './views/me.js';
import { runsView } from './views/runs.js';
import { signInDialog, profileDialog } from './views/profiles.js';
import { initPublish, relabelPublish } from './views/publish.js';
import { showPackage } from './views/packages.js';
import { showQueue } from './views/queues.js';
import { newWorkflowFor } from './views/workflows.js';
import { editWorkflow } from './views/workflow-form.js';
import { showWorkflow } from './views/workflow-detail.js';

const ROUTES = {
  dashboard: ['nav.dashboard', dashboardView],
  packages: ['nav.packages', packagesView],
  queues: ['nav.queues', queuesView],
  robots: ['nav.robots', robotsView],
  workflows: ['nav.workflows', workflowsView],
  layouts: ['nav.layouts', layoutsView],
  runs: ['nav.runs', runsView],
  me: ['nav.me', meView],
};

const state = { session: null, profiles: [] };
const $ = (id) => document.getElementById(id);

const ctx = {
  /** Shows a screen; `params` (a workflow to filter by, say) travel in the address. */
  go: (route, params) => {
    const query = params ? `?${new URLSearchParams(params)}` : '';
    const hash = `#/${route}${query}`;
    if (location.hash === hash) renderScreen();
    else location.hash = hash;
  },
  production: () => Boolean(state.session?.profile?.production),
  refresh: () => renderScreen(),
  openPackage: (id, name) => showPackage(id, name, ctx),
  openQueue: (id) => showQueue(id, ctx),
  openWorkflow: (id) => showWorkflow(id, ctx, () => renderScreen()),
  editWorkflow: (id, onSaved) => editWorkflow(id, { onSaved }),
  newWorkflow: (packageId, versionId) => newWorkflowFor(packageId, versionId, () => { ctx.go('workflows'); renderScreen(); }),
};

function routeParts() {
  const [name, query = ''] = location.hash.replace(/^#\/?/, '').split('?');
  return { name: ROUTES[name] ? name : 'dashboard', params: Object.fromEntries(new URLSearchParams(query)) };
}

const currentRoute = () => routeParts().name;

function renderScreen() {
  const route = currentRoute();
  const content = $('content');
  document.querySelectorAll('.nav-item').forEach((a) => a.classList.toggle('active', a.dataset.route === route));
  if (!state.session) return;
  // The screen being left gives up what it was still waiting for.
  content.firstElementChild?.dispatchEvent(new Event('screen-leave'));
  content.replaceChildren(ROUTES[route][1](ctx, routeParts().params));
  content.dataset.screen = route;
}

function renderNav() {
  $('sidebar').replaceChildren(h('div', { class: 'brand', title: state.version ? `ConsoleDesk ${state.version}` : null }, h('img', { src: 'icon.png', alt: '' }), t('app.name')),
    ...Object.entries(ROUTES).map(([route, [label]]) => h('a', { class: route === currentRoute() ? 'nav-item active' : 'nav-item', href: `#/${route}`, dataset: { route } }, t(label))));
}

async function renderHeader() {
  const session = state.session;
  const profileSelect = h('select', { class: 'input', id: 'profile-switch', 'aria-label': t('header.profile') },
    state.profiles.map((p) => h('option', { value: p.id }, p.name)), h('option', { value: '__new' }, t('header.newProfile')));
  profileSelect.value = session?.profile?.id || '';
  profileSelect.addEventListener('change', () => switchProfile(profileSelect.value));
  const company = h('select', { class: 'input', id: 'company-switch', 'aria-label': t('header.company') });
  const department = h('select', { class: 'input', id: 'department-switch', 'aria-label': t('header.department') });
  const lang = h('button', { class: 'btn btn-small', id: 'lang-switch', onclick: () => setLanguage(language() === 'zh' ? 'en' : 'zh') }, t('header.language'));
  const badge = session?.profile?.production ? h('span', { class: 'badge badge-prod', id: 'prod-badge' }, t('header.production')) : null;
  $('topbar').replaceChildren(h('div', { class: 'scope' }, profileSelect, badge, company, department), h('div', { class: 'spacer' }), lang);
  if (!session) return;
  try {
    const [companies, tree] = await Promise.all([api.companies.list(), api.departments.tree()]);
    company.replaceChildren(...companies.map((c) => h('option', { value: c.Id }, c.Name)));
    company.value = session.companyId;
    // A department the user may not visit is shown (it is part of the tree) but not offered.
    const walk = (d, depth) => [
      h('option', { value: d.Id, disabled: d.VisitorHasPermission === false, dataset: d.VisitorHasPermission === false ? { denied: 'true' } : undefined },
        `${'\u2003'.repeat(depth)}${d.Name}${d.VisitorHasPermission === false ? ` (${t('header.noAccess')})` : ''}`),
      ...(d.Children || []).flatMap((c) => walk(c, depth + 1))];
    department.replaceChildren(...(tree.RootDepartment ? walk(tree.RootDepartment, 0) : []));
    department.value = session.departmentId;
  } catch (err) {
    toast(errorText(err), { kind: 'error' });
  }
  company.addEventListener('change', async () => {
    // A new company: move to it first, then to its root department.
    try {
      await api.session.setScope(company.value, '');
      const [tree, me] = await Promise.all([api.departments.tree(), api.users.me().catch(() => null)]);
      await setScope(company.value, startDepartment(tree, me));
    } catch (err) {
      toast(errorText(err), { kind: 'error' });
    }
  });
  department.addEventListener('change', () => setScope(company.value, department.value));
}

/** Where a company opens: the user's assigned department when the console names one the user
 * may visit, else the root, else the first department the user may visit. */
function startDepartment(tree, me) {
  const all = [];
  const walk = (d) => { all.push(d); (d.Children || []).forEach(walk); };
  if (tree.RootDepartment) walk(tree.RootDepartment);
  const allowed = (d) => d && d.VisitorHasPermission !== false;
  const assigned = all.find((d) => d.Id === me?.AssignedDepartmentId);
  if (allowed(assigned)) return assigned.Id;
  return (allowed(tree.RootDepartment) ? tree.RootDepartment : all.find(allowed) || tree.RootDepartment)?.Id || '';
}

async function setScope(companyId, departmentId) {
  try {
    state.session = await api.session.setScope(companyId, departmentId);
    await renderHeader();
    renderScreen();
  } catch (err) {
    toast(errorText(err), { kind: 'error' });
  }
}

async function signIn(profile, { silent }) {
  if (silent) {
    try {
      return await api.session.signIn(profile.id, null, null);
    } catch (err) {
      if (err.kind !== 'session_expired') toast(errorText(err), { kind: 'error' });
    }
  }
  return signInDialog(profile);
}

async function switchProfile(id) {
  if (id === '__new') {
    const created = await profileDialog(null);
    state.profiles = await api.profiles.list();
    if (created) return switchProfile(created.id);
    return renderHeader();
  }
  const profile = state.profiles.find((p) => p.id === id);
  const session = profile && (await signIn(profile, { silent: true }));
  if (session) state.session = session;
  await renderHeader();
  renderScreen();
}

async function start() {
  renderNav();
  api.version().then((v) => { state.version = v; renderNav(); }, () => {});
  initPublish(ctx);
  onLanguageChange(() => { renderNav(); renderHeader(); renderScreen(); relabelPublish(); });
  window.addEventListener('hashchange', renderScreen);
  onSessionExpired(async (reason) => {
    const session = await signInDialog(state.session.profile, { reason });
    if (!session) throw reason;
    state.session = session;
  });
  try {
    state.profiles = await api.profiles.list();
    const first = await api.profiles.startup();
    state.session = await signIn(first, { silent: true });
    await renderHeader();
    renderScreen();
    if (!state.session) $('content').replaceChildren(h('div', { class: 'state' }, t('signin.title', { name: first.name })));
  } catch (err) {
    $('content').replaceChildren(errorBox(err, start));
  }
}

start();
