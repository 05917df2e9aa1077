// Profiles and sign-in: the new-profile form with its three presets, and the sign-in dialog
// (also shown over the current screen when a session expires for good).
import { api, pickFiles } from '../api.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { modal, errorText } from '../components/dialog.js';
import { field, input, select, checkbox, showFieldError, validate } from '../components/form.js';

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
          close(await api.session.signIn(profile.id, password.value, remember.box.checked));
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

/** The profile form; resolves with the saved profile, or null. */
export function profileDialog(existing) {
  const p = existing || { name: '', preset: 'saas', ssoUrl: '', apiUrl: '', username: '', remember: true, production: false };
  const name = input({ value: p.name });
  const preset = select([['saas', t('profile.saas')], ['private', t('profile.private')], ['sandbox', t('profile.sandbox')]], p.preset, { id: 'profile-preset' });
  const host = input({ placeholder: 'rpa.example.com', id: 'profile-host' });
  const https = checkbox(t('profile.https'), p.ssoUrl?.startsWith('https'));
  const sso = input({ value: p.ssoUrl });
  const apiUrl = input({ value: p.apiUrl });
  const username = input({ value: p.username, autocomplete: 'username' });
  const ca = input({ value: p.caCertificate || '', placeholder: '/path/to/ca.pem' });
  const chooseCa = h('button', { class: 'btn', type: 'button' }, t('profile.chooseCa'));
  const production = checkbox(t('profile.production'), p.production);
  const remember = checkbox(t('signin.remember'), p.remember);
  const insecure = checkbox(t('profile.insecure'), p.acceptInvalidCertificates);
  chooseCa.addEventListener('click', async () => {
    const [picked] = await pickFiles({ multiple: false, filters: [{ name: 'PEM', extensions: ['pem', 'crt', 'cer'] }] });
    if (picked) ca.value = picked;
  });
  const fillFromHost = () => {
    const scheme = https.box.checked ? 'https' : 'http';
    const hostName = host.value.trim();
    if (!hostName) return;
    sso.value = https.box.checked ? `${scheme}://${hostName}` : `${scheme}://${hostName}:81`;
    apiUrl.value = https.box.checked ? `${scheme}://${hostName}` : `${scheme}://${hostName}:8080`;
  };
  host.addEventListener('input', fillFromHost);
  https.box.addEventListener('change', fillFromHost);
  const privateOnly = [field(t('profile.host'), host, { name: 'host' }), h('div', { class: 'field' }, https.el)];
  const urls = [field(t('profile.sso'), sso, { name: 'ssoUrl' }), field(t('profile.api'), apiUrl, { name: 'apiUrl' })];
  const applyPreset = () => {
    const kind = preset.value;
    privateOnly.forEach((el) => { el.hidden = kind !== 'private'; });
    urls.forEach((el) => { el.hidden = kind === 'sandbox'; });
    if (kind === 'saas') { sso.value = 'https://auth.encoo.com'; apiUrl.value = 'https://api.encoo.com'; }
    if (kind === 'sandbox') username.value = 'admin';
  };
  preset.addEventListener('change', applyPreset);
  const body = h('div', { class: 'form' },
    field(t('profile.name'), name, { name: 'name' }), field(t('profile.preset'), preset, { name: 'preset' }),
    privateOnly, urls, field(t('signin.username'), username, { name: 'username' }),
    field(t('profile.ca'), h('div', { class: 'row' }, ca, chooseCa), { name: 'caCertificate' }),
    h('div', { class: 'field' }, production.el), h('div', { class: 'field' }, remember.el),
    h('div', { class: 'field danger-zone' }, insecure.el));
  privateOnly.forEach((el) => { el.hidden = p.preset !== 'private'; });
  urls.forEach((el) => { el.hidden = p.preset === 'sandbox'; });
  return modal(existing ? t('profile.editTitle') : t('profile.title'), body, {
    onOpen: () => name.focus(),
    actions: [{ label: t('common.cancel') }, {
      label: t('common.save'), primary: true, submit: true, id: 'save',
      onClick: async (close) => {
        if (!validate(body, { name: name.value.trim() ? null : 'required' })) return;
        const profile = {
          ...(existing || {}), name: name.value.trim(), preset: preset.value, ssoUrl: sso.value.trim(), apiUrl: apiUrl.value.trim(),
          username: username.value.trim(), caCertificate: ca.value.trim() || null, production: production.box.checked,
          remember: remember.box.checked, acceptInvalidCertificates: insecure.box.checked, kind: 'encoo',
        };
        try {
          close(await api.profiles.save(profile));
        } catch (err) {
          if (!showFieldError(body, err.field, err.message)) showFieldError(body, 'name', errorText(err));
        }
      },
    }],
  });
}
