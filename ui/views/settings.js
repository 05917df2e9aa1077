// The Settings screen (route `settings`): the theme, the language, the proxy new profiles
// start with, the log level, the log folder and updates. Rust keeps the settings
// (`settings.json` in the configuration folder) and applies them: the theme is the window's,
// the log level the log's; the language is this page's (i18n.js), saved here whenever it
// changes, from this screen or the header's switch. The native menu's "Settings…" opens it.
import { app, listen } from '../api.js';
import { h } from '../dom.js';
import { t, addStrings, language, setLanguage, onLanguageChange } from '../i18n.js';
import { errorBox, errorText } from '../components/dialog.js';
import { field, select } from '../components/form.js';
import { toast } from '../components/toast.js';

addStrings({
  en: {
    'nav.settings': 'Settings', 'settings.title': 'Settings',
    'settings.appearance': 'Appearance', 'settings.theme': 'Theme',
    'settings.theme.system': 'As the system', 'settings.theme.light': 'Light', 'settings.theme.dark': 'Dark',
    'settings.language': 'Language',
    'settings.network': 'Network', 'settings.proxyDefault': 'Proxy for new profiles',
    'settings.proxyDefault.hint': 'Each profile can still be given its own on the Profiles screen.',
    'settings.logs': 'Log', 'settings.logLevel': 'Log level',
    'settings.logLevel.hint': 'The log never holds a password or token. Attach it to a bug report.',
    'settings.level.error': 'Errors only', 'settings.level.warn': 'Warnings', 'settings.level.info': 'Information',
    'settings.level.debug': 'Debugging', 'settings.level.trace': 'Everything (trace)',
    'settings.openLogs': 'Open log folder',
    'settings.updates': 'Updates', 'settings.version': 'ConsoleDesk {version}',
    'settings.checkUpdate': 'Check for updates', 'settings.checking': 'Checking…',
    'settings.upToDate': 'ConsoleDesk is up to date ({version}).',
    'settings.available': 'Version {version} is available.', 'settings.publishedOn': 'Published {date}',
    'settings.install': 'Download and install {version}', 'settings.installing': 'Downloading and installing…',
  },
  zh: {
    'nav.settings': '设置', 'settings.title': '设置',
    'settings.appearance': '外观', 'settings.theme': '主题',
    'settings.theme.system': '跟随系统', 'settings.theme.light': '浅色', 'settings.theme.dark': '深色',
    'settings.language': '语言',
    'settings.network': '网络', 'settings.proxyDefault': '新配置的代理',
    'settings.proxyDefault.hint': '每个配置仍可在“配置”页面中单独设置代理。',
    'settings.logs': '日志', 'settings.logLevel': '日志级别',
    'settings.logLevel.hint': '日志从不包含密码或令牌，可附在问题报告中。',
    'settings.level.error': '仅错误', 'settings.level.warn': '警告', 'settings.level.info': '信息',
    'settings.level.debug': '调试', 'settings.level.trace': '全部（跟踪）',
    'settings.openLogs': '打开日志文件夹',
    'settings.updates': '更新', 'settings.version': 'ConsoleDesk {version}',
    'settings.checkUpdate': '检查更新', 'settings.checking': '正在检查…',
    'settings.upToDate': 'ConsoleDesk 已是最新版本（{version}）。',
    'settings.available': '有新版本 {version} 可用。', 'settings.publishedOn': '发布于 {date}',
    'settings.install': '下载并安装 {version}', 'settings.installing': '正在下载并安装…',
  },
});

const THEMES = ['system', 'light', 'dark'];
const LEVELS = ['error', 'warn', 'info', 'debug', 'trace'];
const LANGUAGES = [['en', 'English'], ['zh', '中文']];

/** The settings in force, as Rust last answered. */
let saved = null;
const load = async () => (saved ??= await app.app.settingsGet());

async function change(patch) {
  saved = await app.app.settingsSave({ ...(await load()), ...patch });
  return saved;
}

/** The proxy a new profile starts with (`{mode: 'system' | 'none'}`). */
export async function proxyDefault() {
  try {
    return { mode: (await load()).proxyDefault };
  } catch {
    return { mode: 'system' };
  }
}

// The header's language switch and this screen's are one setting, kept in settings.json so
// the next launch opens in it.
onLanguageChange(async (lang) => {
  try {
    if ((await load()).language !== lang) await change({ language: lang });
  } catch (err) {
    toast(errorText(err), { kind: 'error' });
  }
});

// The native menu's "Settings…" (Ctrl/⌘+,).
listen('open-settings', () => { location.hash = '#/settings'; });

export function settingsView() {
  const body = h('div', { class: 'settings' }, h('p', { class: 'state' }, t('common.loading')));
  const draw = (s) => body.replaceChildren(appearance(s), network(s), logs(s), updates());
  const retry = () => load().then(draw, (err) => body.replaceChildren(errorBox(err, retry)));
  retry();
  return h('section', { class: 'screen', id: 'settings' },
    h('div', { class: 'screen-head' }, h('h1', {}, t('settings.title'))), body);
}

/** A select that saves `key` when it changes. */
function setting(key, options, value, id) {
  const el = select(options, value, { id });
  el.addEventListener('change', async () => {
    try {
      await change({ [key]: el.value });
      toast(t('common.saved'));
    } catch (err) {
      toast(errorText(err), { kind: 'error' });
      el.value = saved?.[key] ?? value;
    }
  });
  return el;
}

function appearance(s) {
  const theme = setting('theme', THEMES.map((x) => [x, t(`settings.theme.${x}`)]), s.theme, 'settings-theme');
  const lang = select(LANGUAGES, language(), { id: 'settings-language' });
  // The whole window follows (the listener above saves it).
  lang.addEventListener('change', () => setLanguage(lang.value));
  return h('div', { class: 'card settings-group' }, h('h2', {}, t('settings.appearance')),
    field(t('settings.theme'), theme), field(t('settings.language'), lang));
}

function network(s) {
  const proxy = setting('proxyDefault', [['system', t('profile.proxy.system')], ['none', t('profile.proxy.none')]],
    s.proxyDefault, 'settings-proxy');
  return h('div', { class: 'card settings-group' }, h('h2', {}, t('settings.network')),
    field(t('settings.proxyDefault'), proxy, { hint: t('settings.proxyDefault.hint') }));
}

function logs(s) {
  const level = setting('logLevel', LEVELS.map((x) => [x, t(`settings.level.${x}`)]), s.logLevel || 'info', 'settings-log-level');
  const open = h('button', {
    class: 'btn', id: 'settings-open-logs', type: 'button',
    onclick: () => app.app.openLogFolder().catch((err) => toast(errorText(err), { kind: 'error' })),
  }, t('settings.openLogs'));
  return h('div', { class: 'card settings-group' }, h('h2', {}, t('settings.logs')),
    field(t('settings.logLevel'), level, { hint: t('settings.logLevel.hint') }), h('div', { class: 'toolbar' }, open));
}

function updates() {
  const version = h('p', { class: 'settings-version' });
  app.app.version().then((v) => { version.textContent = t('settings.version', { version: v }); }, () => {});
  const result = h('div', { class: 'settings-update', id: 'settings-update', role: 'status' });
  const check = h('button', { class: 'btn', id: 'settings-check-update', type: 'button' }, t('settings.checkUpdate'));
  check.addEventListener('click', async () => {
    check.disabled = true;
    result.replaceChildren(h('p', { class: 'muted' }, t('settings.checking')));
    try {
      const found = await app.app.checkUpdate();
      result.replaceChildren(found.available ? offer(found.available) : h('p', { class: 'settings-up-to-date' }, t('settings.upToDate', { version: found.current })));
    } catch (err) {
      result.replaceChildren(h('p', { class: 'field-error' }, errorText(err)));
    } finally {
      check.disabled = false;
    }
  });
  return h('div', { class: 'card settings-group' }, h('h2', {}, t('settings.updates')),
    version, h('div', { class: 'toolbar' }, check), result);
}

/** A newer version: its number, date and notes, and the button that installs it. */
function offer(available) {
  const install = h('button', { class: 'btn btn-primary', id: 'settings-install-update', type: 'button' }, t('settings.install', { version: available.version }));
  install.addEventListener('click', async () => {
    install.disabled = true;
    install.textContent = t('settings.installing');
    try {
      await app.app.installUpdate();
    } catch (err) {
      toast(errorText(err), { kind: 'error' });
      install.disabled = false;
      install.textContent = t('settings.install', { version: available.version });
    }
  });
  return h('div', { class: 'settings-offer' },
    h('p', { class: 'settings-available' }, t('settings.available', { version: available.version })),
    available.date ? h('p', { class: 'muted' }, t('settings.publishedOn', { date: available.date })) : null,
    available.notes ? h('pre', { class: 'settings-notes' }, available.notes) : null,
    h('div', { class: 'toolbar' }, install));
}
