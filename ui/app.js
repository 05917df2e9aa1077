// The shell: starts on the last profile (the Sandbox on first launch), signs in, and draws
// the header (the profile, then the active console's scope), the navigation and the current
// screen from the console the profile speaks (`consoles/<kind>/`). Every screen is drawn
// again when the profile, the scope or the language changes. Going back to a profile already
// signed in is instant (its session is kept in Rust) and opens where the user left it.
import './report-errors.js';
import { app, onSessionExpired } from './api.js';
import { h } from './dom.js';
import { t, language, setLanguage, onLanguageChange } from './i18n.js';
import { errorBox, errorText } from './components/dialog.js';
import { toast } from './components/toast.js';
import { signInDialog, profileDialog, profilesView } from './views/profiles.js';
import { settingsView } from './views/settings.js';
import { encoo } from './consoles/encoo/index.js';
import { flexmodel } from './consoles/flexmodel/index.js';
import { installKeys } from './keys.js';

const CONSOLES = { encoo, flexmodel };

// Where each profile was (its screen's address), so that switching back returns there.
const places = new Map();

const state = { session: null, profiles: [] };
const $ = (id) => document.getElementById(id);

/** The console of the active session (or, before one, of the profile being opened). */
const active = () => CONSOLES[state.session?.kind] || encoo;

/** What the Profiles screen needs of the shell. */
const shell = {
  profiles: () => state.profiles,
  activeId: () => state.session?.profile?.id,
  use: (id) => switchProfile(id),
  /** After a profile changed, was signed out or removed: the header and screen follow. */
  reload: async ({ signedOut, removed } = {}) => {
    state.profiles = await app.profiles.list();
    const current = state.session?.profile?.id;
    if (current && (current === signedOut || current === removed)) state.session = null;
    else if (current) state.session = { ...state.session, profile: state.profiles.find((p) => p.id === current) };
    renderNav();
    renderHeader();
    if (!state.session) showSignedOut();
  },
};

/** The app's own screens, beside the console's. */
const SHELL_ROUTES = { profiles: ['nav.profiles', () => profilesView(shell)], settings: ['nav.settings', () => settingsView()] };
const routes = () => ({ ...active().routes, ...SHELL_ROUTES });

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
  /** The profile a screen acts for (history kept per profile, say). */
  profileId: () => state.session?.profile?.id,
  /**
   * Keeps what a screen shows (a model, a filter, a page) in the address without drawing the
   * screen again, so that it is where the user finds it after a switch of profile.
   */
  setParams: (params) => {
    const { name } = routeParts();
    const clean = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== ''));
    const query = Object.keys(clean).length ? `?${new URLSearchParams(clean)}` : '';
    history.replaceState(null, '', `#/${name}${query}`);
    rememberPlace();
  },
};
const links = {};
Object.values(CONSOLES).forEach((c) => Object.assign(links, c.links(ctx)));
Object.assign(ctx, links);

function routeParts() {
  const [name, query = ''] = location.hash.replace(/^#\/?/, '').split('?');
  return { name: routes()[name] ? name : active().home, params: Object.fromEntries(new URLSearchParams(query)) };
}

const currentRoute = () => routeParts().name;

function rememberPlace() {
  const id = state.session?.profile?.id;
  if (id && !SHELL_ROUTES[currentRoute()]) places.set(id, location.hash);
}

/** Opens the place the active profile was left at, or its console's home. */
function goToPlace() {
  const id = state.session?.profile?.id;
  const console = active();
  const known = places.get(id);
  const hash = known && console.routes[known.replace(/^#\/?/, '').split('?')[0]] ? known : `#/${console.home}`;
  if (location.hash === hash) renderScreen();
  else location.hash = hash;
}

function renderScreen() {
  const { name, params } = routeParts();
  rememberPlace();
  const content = $('content');
  document.querySelectorAll('.nav-item').forEach((a) => a.classList.toggle('active', a.dataset.route === name));
  if (!state.session && !SHELL_ROUTES[name]) {
    showSignedOut();
    return;
  }
  // The screen being left gives up what it was still waiting for.
  content.firstElementChild?.dispatchEvent(new Event('screen-leave'));
  content.replaceChildren(routes()[name][1](ctx, params));
  content.dataset.screen = name;
}

/** No session: say so, and offer to sign in again or to pick another profile. */
function showSignedOut() {
  if (SHELL_ROUTES[currentRoute()]) return;
  const profile = state.profiles.find((p) => p.id === state.lastProfile) || null;
  $('content').replaceChildren(h('div', { class: 'state' },
    h('p', {}, profile ? t('signin.title', { name: profile.name }) : t('profile.none')),
    profile ? h('button', { class: 'btn btn-primary', id: 'sign-in-again', onclick: () => switchProfile(profile.id) }, t('signin.submit')) : null,
    ' ', h('button', { class: 'btn', onclick: () => ctx.go('profiles') }, t('nav.profiles'))));
  delete $('content').dataset.screen;
}

function renderNav() {
  $('sidebar').replaceChildren(h('div', { class: 'brand', title: state.version ? `ConsoleDesk ${state.version}` : null }, h('img', { src: 'icon.png', alt: '' }), t('app.name')),
    ...Object.entries(routes()).map(([route, [label]]) => h('a', { class: route === currentRoute() ? 'nav-item active' : 'nav-item', href: `#/${route}`, dataset: { route } }, t(label))));
}

function renderHeader() {
  const session = state.session;
  const profileSelect = h('select', { class: 'input', id: 'profile-switch', 'aria-label': t('header.profile') },
    session ? null : h('option', { value: '', disabled: true }, t('header.chooseProfile')),
    state.profiles.map((p) => h('option', { value: p.id }, p.name)), h('option', { value: '__new' }, t('header.newProfile')));
  profileSelect.value = session?.profile?.id || '';
  profileSelect.addEventListener('change', () => switchProfile(profileSelect.value));
  const lang = h('button', { class: 'btn btn-small', id: 'lang-switch', onclick: () => setLanguage(language() === 'zh' ? 'en' : 'zh') }, t('header.language'));
  const badge = session?.profile?.production ? h('span', { class: 'badge badge-prod', id: 'prod-badge' }, t('header.production')) : null;
  const scope = session ? active().scopePickers(session, (moved) => { state.session = moved; renderHeader(); renderScreen(); }) : [];
  $('topbar').replaceChildren(h('div', { class: 'scope' }, profileSelect, badge, scope), h('div', { class: 'spacer' }), lang);
}

async function signIn(profile, { silent }) {
  if (silent) {
    try {
      return await app.session.signIn(profile.id, null, null, { retryAfterSignIn: false });
    } catch (err) {
      if (err.kind !== 'session_expired') toast(errorText(err), { kind: 'error' });
    }
  }
  return signInDialog(profile);
}

async function switchProfile(id) {
  if (id === '__new') {
    const created = await profileDialog(null);
    state.profiles = await app.profiles.list();
    if (created) return switchProfile(created.id);
    return renderHeader();
  }
  const profile = state.profiles.find((p) => p.id === id);
  state.lastProfile = id;
  rememberPlace();
  let session = null;
  try {
    // A profile already signed in comes back at once, on the session it had.
    session = await app.session.switch(id, { retryAfterSignIn: false });
  } catch {
    session = profile && (await signIn(profile, { silent: true }));
  }
  if (session) state.session = session;
  renderNav();
  renderHeader();
  // From the Profiles screen the user stays there; elsewhere the profile opens where it was.
  if (session && !SHELL_ROUTES[currentRoute()]) goToPlace();
  else renderScreen();
}

async function start() {
  renderNav();
  app.app.version().then((v) => { state.version = v; renderNav(); }, () => {});
  Object.values(CONSOLES).forEach((c) => c.start(ctx));
  onLanguageChange(() => {
    renderNav();
    renderHeader();
    renderScreen();
    Object.values(CONSOLES).forEach((c) => c.relabel());
  });
  window.addEventListener('hashchange', renderScreen);
  installKeys({ ctx, refresh: renderScreen, routes, profiles: shell.profiles, activeId: shell.activeId, use: shell.use, kind: () => state.session?.kind });
  onSessionExpired(async (reason) => {
    const session = await signInDialog(state.session.profile, { reason });
    if (!session) throw reason;
    state.session = session;
  });
  app.profiles.setAside().then((aside) => {
    if (aside) toast(t('app.profilesSetAside', { path: aside.path, reason: aside.reason }), { kind: 'error' });
  }, () => {});
  try {
    state.profiles = await app.profiles.list();
    const first = await app.profiles.startup();
    state.lastProfile = first.id;
    state.session = await signIn(first, { silent: true });
    renderNav();
    renderHeader();
    renderScreen();
    if (!state.session) showSignedOut();
  } catch (err) {
    $('content').replaceChildren(errorBox(err, start));
  }
}

start();
