// Profiles and sign-in: the Profiles screen (use, edit, duplicate, sign out, remove), the
// profile form with the fields of the chosen console kind and the presets Rust gives, and the
// sign-in dialog (also shown over the current screen when a session expires for good).
import { app, pickFiles } from '../api.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { modal, confirmDanger, errorText } from '../components/dialog.js';
import { field, input, select, checkbox, showFieldError, validate } from '../components/form.js';
import { toast } from '../components/toast.js';
import { proxyDefault } from './settings.js';

/** Asks for the password of `profile`; resolves with the session, or null if dismissed. */
export function signInDialog(profile, { reason } = {}) {
  const username = input({ value: profile.username || '', autocomplete: 'username', disabled: true });
  const password = input({ type: 'password', autocomplete: 'current-password', id: 'signin-password' });
  const remember = checkbox(t('signin.remember'), profile.remember);
  const message = h('p', { class: 'error-text', role: 'alert', id: 'signin-error' }, reason ? errorText(reason) : '');
  const body = h('div', { class: 'form' }, message,
    field(t('signin.username'), username, { name: 'username' }),
    field(t('signin.password'), password, { name: 'password' }), remember.el);
  let busy = false;
  return modal(t('signin.title', { name: profile.name }), body, {
    onOpen: () => password.focus(),
    actions: [{ label: t('common.cancel') }, {
      label: t('signin.submit'), primary: true, submit: true, id: 'signin',
      onClick: async (close) => {
        if (busy) return;
        busy = true;
        message.textContent = t('signin.working');
        try {
          const session = await app.session.signIn(profile.id, password.value, remember.box.checked, { retryAfterSignIn: false });
          // Signed in, but the keyring could not keep the password (no Secret Service, say).
          if (session.warning) toast(t('signin.notRemembered', { detail: session.warning }), { timeout: 12000 });
          close(session);
        } catch (err) {
          message.textContent = errorText(err);
          password.select();
        } finally {
          busy = false;
        }
      },
    }],
  });
}

const KINDS = [['encoo', 'profile.kind.encoo'], ['flexmodel', 'profile.kind.flexmodel']];
let presetsOnce = null;
const presets = () => (presetsOnce ||= app.profiles.presets());

/**
 * The profile form, for a new profile (`existing` null), an edit, or a copy (`existing`
 * without an id). Resolves with the saved profile, or null.
 */
export async function profileDialog(existing) {
  const known = await presets();
  const p = existing || { name: '', username: '', remember: true, production: false, console: { kind: 'encoo', preset: 'saas' }, proxy: await proxyDefault() };
  const c = p.console;
  const name = input({ value: p.name });
  const kind = select(KINDS.map(([k, label]) => [k, t(label)]), c.kind, { id: 'profile-kind', disabled: Boolean(existing?.id) });
  const preset = select([], null, { id: 'profile-preset' });
  const presetOptions = (value) => {
    const offered = known.filter((x) => x.kind === kind.value);
    preset.replaceChildren(...offered.map((x) => h('option', { value: x.preset }, t(`profile.${x.preset}`))));
    preset.value = offered.some((x) => x.preset === value) ? value : offered[0]?.preset;
  };
  presetOptions(c.preset);
  const host = input({ placeholder: 'rpa.example.com', id: 'profile-host' });
  const https = checkbox(t('profile.https'), (c.ssoUrl || c.url)?.startsWith('https'));
  const sso = input({ value: c.ssoUrl || '' });
  // A FlexModel server has one address (`url`); it is edited in the API address's box.
  const apiUrl = input({ value: (c.kind === 'flexmodel' ? c.url : c.apiUrl) || '', id: 'profile-api-url' });
  const username = input({ value: p.username, autocomplete: 'username' });
  const ca = input({ value: p.caCertificate || '', placeholder: '/path/to/ca.pem' });
  const chooseCa = h('button', { class: 'btn', type: 'button' }, t('profile.chooseCa'));
  const proxy = p.proxy || { mode: 'system' };
  const proxyMode = select(['system', 'none', 'url'].map((m) => [m, t(`profile.proxy.${m}`)]), proxy.mode, { id: 'profile-proxy' });
  const proxyUrl = input({ value: proxy.url || '', placeholder: 'http://proxy.example.com:3128', id: 'profile-proxy-url' });
  const proxyUser = input({ value: proxy.username || '', autocomplete: 'off', id: 'profile-proxy-user' });
  const proxyPassword = input({ type: 'password', autocomplete: 'new-password', id: 'profile-proxy-password', placeholder: existing?.id ? t('profile.proxy.keep') : '' });
  const proxyFields = [field(t('profile.proxy.address'), proxyUrl, { name: 'proxy' }),
    field(t('profile.proxy.user'), proxyUser, { name: 'proxyUser' }), field(t('profile.proxy.password'), proxyPassword, { name: 'proxyPassword' })];
  const showProxy = () => proxyFields.forEach((el) => { el.hidden = proxyMode.value !== 'url'; });
  proxyMode.addEventListener('change', showProxy);
  showProxy();
  const production = checkbox(t('profile.production'), p.production);
  const remember = checkbox(t('signin.remember'), p.remember);
  const insecure = checkbox(t('profile.insecure'), p.acceptInvalidCertificates);
  chooseCa.addEventListener('click', async () => {
    const [picked] = await pickFiles({ multiple: false, filters: [{ name: 'PEM', extensions: ['pem', 'crt', 'cer'] }] });
    if (picked) ca.value = picked;
  });
  const chosen = () => known.find((x) => x.kind === kind.value && x.preset === preset.value);
  const fillFromHost = () => {
    const hostName = host.value.trim();
    const x = chosen();
    if (!hostName || !x) return;
    sso.value = (https.box.checked ? x.httpsSsoUrl : x.ssoUrl).replace('{host}', hostName);
    apiUrl.value = (https.box.checked ? x.httpsApiUrl : x.apiUrl).replace('{host}', hostName);
  };
  host.addEventListener('input', fillFromHost);
  https.box.addEventListener('change', fillFromHost);
  const privateOnly = [field(t('profile.host'), host, { name: 'host' }), h('div', { class: 'field' }, https.el)];
  const ssoField = field(t('profile.sso'), sso, { name: 'ssoUrl' });
  const apiField = field(t('profile.api'), apiUrl, { name: 'apiUrl' });
  const urls = [ssoField, apiField];
  const showFields = () => {
    const x = chosen();
    const fm = kind.value === 'flexmodel';
    privateOnly.forEach((el) => { el.hidden = x?.preset !== 'private'; });
    urls.forEach((el) => { el.hidden = x?.preset === 'sandbox'; });
    if (fm) ssoField.hidden = true;
    // The server's one address: the form places a server's message about `url` here.
    apiField.dataset.for = fm ? 'url' : 'apiUrl';
    apiField.querySelector('label').textContent = t(fm ? 'profile.serverUrl' : 'profile.api');
    host.placeholder = fm ? 'flexmodel.example.com' : 'rpa.example.com';
  };
  kind.addEventListener('change', () => {
    presetOptions(kind.value === 'flexmodel' ? 'private' : 'saas');
    preset.dispatchEvent(new Event('change'));
  });
  preset.addEventListener('change', () => {
    const x = chosen();
    if (x?.preset === 'saas') { sso.value = x.ssoUrl; apiUrl.value = x.apiUrl; }
    if (x?.username) username.value = x.username;
    showFields();
  });
  showFields();
  const body = h('div', { class: 'form' },
    field(t('profile.name'), name, { name: 'name' }), field(t('profile.kind'), kind, { name: 'kind' }),
    field(t('profile.preset'), preset, { name: 'preset' }),
    privateOnly, urls, field(t('signin.username'), username, { name: 'username' }),
    field(t('profile.ca'), h('div', { class: 'row' }, ca, chooseCa), { name: 'caCertificate' }),
    field(t('profile.proxy'), proxyMode, { name: 'proxyMode', hint: t('profile.proxy.hint') }), proxyFields,
    h('div', { class: 'field' }, production.el), h('div', { class: 'field' }, remember.el),
    h('div', { class: 'field danger-zone' }, insecure.el));
  return modal(existing?.id ? t('profile.editTitle') : t('profile.title'), body, {
    onOpen: () => name.focus(),
    actions: [{ label: t('common.cancel') }, {
      label: t('common.save'), primary: true, submit: true, id: 'save',
      onClick: async (close) => {
        if (!validate(body, { name: name.value.trim() ? null : t('form.required') })) return;
        const profile = {
          ...p, name: name.value.trim(), username: username.value.trim(), caCertificate: ca.value.trim() || null,
          production: production.box.checked, remember: remember.box.checked, acceptInvalidCertificates: insecure.box.checked,
          console: kind.value === 'flexmodel'
            ? { kind: 'flexmodel', preset: preset.value, url: apiUrl.value.trim(), lastProjectId: c.kind === 'flexmodel' ? c.lastProjectId ?? null : null }
            : { ...c, kind: kind.value, preset: preset.value, ssoUrl: sso.value.trim(), apiUrl: apiUrl.value.trim() },
          proxy: proxyMode.value === 'url'
            ? { mode: 'url', url: proxyUrl.value.trim(), username: proxyUser.value.trim() || null }
            : { mode: proxyMode.value },
        };
        // A password typed now replaces the one kept; left empty on an edit, it stays.
        const proxySecret = proxyMode.value === 'url' && (proxyPassword.value || !existing?.id) ? proxyPassword.value : null;
        try {
          close(await app.profiles.save(profile, proxySecret));
        } catch (err) {
          if (!showFieldError(body, err.field, err.message)) showFieldError(body, 'name', errorText(err));
        }
      },
    }],
  });
}

/** Where a profile's console is, in a line. */
function address(p) {
  const c = p.console;
  if (c.preset === 'sandbox') return t('profile.sandboxAddress');
  if (c.kind === 'flexmodel') return c.url;
  return c.ssoUrl === c.apiUrl ? c.apiUrl : `${c.ssoUrl} · ${c.apiUrl}`;
}

/**
 * The Profiles screen. `shell` gives what only the shell knows and does: `profiles()`,
 * `activeId()`, `use(id)`, `reload()` (after a change).
 */
export function profilesView(shell) {
  const list = h('div', { class: 'profiles' });
  const draw = () => list.replaceChildren(h('table', { class: 'table' },
    h('thead', {}, h('tr', {}, [t('common.name'), t('profile.kind'), t('profile.address'), t('signin.username'), ''].map((x) => h('th', {}, x)))),
    h('tbody', {}, shell.profiles().map((p) => h('tr', { dataset: { profile: p.id } },
      h('td', {}, p.name, ' ', p.production ? h('span', { class: 'badge badge-prod' }, t('header.production')) : null,
        p.id === shell.activeId() ? h('span', { class: 'badge badge-ok' }, t('profile.inUse')) : null),
      h('td', {}, t(`profile.kind.${p.console.kind}`)), h('td', {}, address(p)), h('td', {}, p.username),
      h('td', { class: 'col-actions' },
        p.id === shell.activeId() ? null : h('button', { class: 'btn btn-small btn-primary', dataset: { use: p.id }, onclick: () => shell.use(p.id) }, t('profile.use')),
        h('button', { class: 'btn btn-small', dataset: { edit: p.id }, onclick: () => change(profileDialog(p)) }, t('common.edit')),
        h('button', { class: 'btn btn-small', dataset: { duplicate: p.id }, onclick: () => change(profileDialog({ ...p, id: '', name: t('profile.copyOf', { name: p.name }) })) }, t('profile.duplicate')),
        h('button', { class: 'btn btn-small', dataset: { signOut: p.id }, onclick: () => signOut(p) }, t('profile.signOut')),
        p.console.preset === 'sandbox' ? null : h('button', { class: 'btn btn-small btn-danger', dataset: { remove: p.id }, onclick: () => remove(p) }, t('profile.remove'))))))));
  const change = async (done) => {
    if (await done) await shell.reload();
    draw();
  };
  const signOut = async (p) => {
    try {
      await app.session.signOut(p.id);
      toast(t('profile.signedOut', { name: p.name }));
      await shell.reload({ signedOut: p.id });
    } catch (err) {
      toast(errorText(err), { kind: 'error' });
    }
    draw();
  };
  const remove = async (p) => {
    const ok = await confirmDanger(p.name, { production: p.production, message: t('profile.removeConfirm', { name: p.name }), action: t('profile.remove') });
    if (!ok) return;
    try {
      await app.profiles.remove(p.id);
      toast(t('common.deleted'));
      await shell.reload({ removed: p.id });
    } catch (err) {
      toast(errorText(err), { kind: 'error' });
    }
    draw();
  };
  draw();
  return h('section', { class: 'screen' },
    h('div', { class: 'screen-head' }, h('h1', {}, t('profile.screen')),
      h('div', { class: 'toolbar' }, h('button', { class: 'btn btn-primary', id: 'profile-new', onclick: () => change(profileDialog(null)) }, t('header.newProfile')))),
    list);
}
