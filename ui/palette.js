// The command palette (Ctrl/⌘-K): a search box over one list of what can be done, driven by
// the keyboard (↑/↓, Enter, Escape) or the mouse. It finds every screen (the active console's
// and the shell's), the shortcuts' commands, every profile, and by name the active console's
// objects (consoles/<kind>/palette.js says which and what can be done to each), read through
// api.js when it opens (remembered answers first) and asked again, by name, as the user
// types. Each match is one line per action (“Open”, “Run…”); an action that changes things
// goes through the same dialog or confirmation as on its screen. Loaded only when first opened.
import { h, debounce } from './dom.js';
import { t, language, setLanguage } from './i18n.js';
import { errorText } from './components/dialog.js';
import { toast } from './components/toast.js';
import { focusSearch, refreshScreen, stepScreen, shortcutText, shortcutAria } from './keys.js';

const CONSOLE_SOURCES = {
  encoo: () => import('./consoles/encoo/palette.js'),
  flexmodel: () => import('./consoles/flexmodel/palette.js'),
};

/** How many lines are drawn at most (the rest are reached by typing more). */
const SHOWN = 80;
const KIND_ORDER = ['screen', 'command', 'profile', 'workflow', 'package', 'queue', 'flow', 'trigger', 'model'];

const fold = (text) => String(text ?? '').normalize('NFKC').toLocaleLowerCase();
const BOUNDARY = /[\s\-_./·:：（(【[]/;

/**
 * How well `entry` matches the typed `terms` (each must appear, case aside; Chinese matches
 * anywhere in a name as there are no spaces): 0 for no match, more for a match at the start of
 * the name or of one of its words than inside one, and more in the name than in its kind,
 * action or details.
 */
export function score(entry, terms) {
  const name = fold(entry.name);
  const rest = fold(`${entry.action} ${t(`palette.kind.${entry.kind}`)} ${entry.detail || ''} ${entry.words || ''}`);
  let total = 0;
  for (const term of terms) {
    const at = name.indexOf(term);
    if (at === 0) total += 4;
    else if (at > 0 && BOUNDARY.test(name[at - 1])) total += 3;
    else if (at > 0) total += 2;
    else if (rest.includes(term)) total += 1;
    else return 0;
  }
  return total;
}

let open = null;

/** Opens the palette, or closes it when it is open. */
export function togglePalette(shell) {
  if (open) open.close();
  else open = paletteFor(shell);
}

function fixedEntries(shell) {
  const { ctx } = shell;
  const route = document.getElementById('content')?.dataset.screen;
  const screens = Object.entries(shell.routes()).map(([name, [label]]) => ({
    key: `screen:${name}`, kind: 'screen', name: t(label), action: t('palette.go'), words: name,
    detail: name === route ? t('palette.current') : '', run: () => ctx.go(name),
  }));
  const command = (id, name, run, keys) => ({ key: `command:${id}`, kind: 'command', name, action: '', keys, run });
  const commands = [
    command('search', t('palette.cmd.search'), focusSearch, 'search'),
    command('refresh', t('palette.cmd.refresh'), refreshScreen, 'refresh'),
    command('next', t('palette.cmd.next'), () => stepScreen(1), 'next'),
    command('previous', t('palette.cmd.previous'), () => stepScreen(-1), 'previous'),
    command('language', t('palette.cmd.language'), () => setLanguage(language() === 'zh' ? 'en' : 'zh')),
  ];
  const active = shell.activeId();
  const profiles = shell.profiles().map((p) => ({
    key: `profile:${p.id}`, kind: 'profile', name: p.name, action: t('palette.switch'),
    detail: [t(`profile.kind.${p.console?.kind || 'encoo'}`), p.id === active ? t('palette.current') : ''].filter(Boolean).join(' · '),
    run: () => shell.use(p.id),
  }));
  return [...screens, ...commands, ...profiles];
}

function paletteFor(shell) {
  const request = new AbortController();
  const fixed = fixedEntries(shell);
  const found = new Map();
  const failures = new Map();
  let pending = 0;
  let shown = [];
  let active = 0;
  let asked = '';

  const input = h('input', {
    class: 'input palette-input', id: 'palette-input', type: 'text', autocomplete: 'off', spellcheck: 'false',
    role: 'combobox', 'aria-expanded': 'true', 'aria-controls': 'palette-list', 'aria-autocomplete': 'list',
    'aria-label': t('palette.title'), placeholder: t('palette.placeholder'),
  });
  const list = h('ul', { class: 'palette-list', id: 'palette-list', role: 'listbox', 'aria-label': t('palette.title') });
  const status = h('div', { class: 'palette-status muted', 'aria-live': 'polite' });
  const foot = h('div', { class: 'palette-foot muted' }, t('palette.hint'),
    h('kbd', { title: t('palette.shortcut'), 'aria-keyshortcuts': shortcutAria('palette') }, shortcutText('palette')));
  const dlg = h('dialog', { class: 'palette', 'aria-label': t('palette.title') }, input, list, status, foot);

  const close = () => {
    if (open?.dlg !== dlg) return;
    open = null;
    request.abort();
    if (dlg.open) dlg.close();
    dlg.remove();
  };

  function terms() {
    return fold(input.value).split(/\s+/).filter(Boolean);
  }

  function draw() {
    const words = terms();
    const all = [...fixed, ...found.values()];
    const ranked = words.length
      ? all.map((e, i) => ({ e, i, s: score(e, words) })).filter((x) => x.s > 0)
        .sort((a, b) => b.s - a.s || KIND_ORDER.indexOf(a.e.kind) - KIND_ORDER.indexOf(b.e.kind) || a.i - b.i)
        .map((x) => x.e)
      : all;
    shown = ranked.slice(0, SHOWN);
    active = Math.min(active, Math.max(0, shown.length - 1));
    list.replaceChildren(...shown.map((e, i) => line(e, i)));
    const notes = [...failures.entries()].map(([what, err]) => t('palette.failed', { what, error: errorText(err) }));
    if (pending) notes.unshift(t('palette.loading'));
    else if (!shown.length) notes.unshift(t('palette.none', { query: input.value.trim() }));
    status.replaceChildren(...notes.map((n) => h('div', {}, n)));
    mark();
  }

  function line(entry, index) {
    return h('li', {
      class: 'palette-item', role: 'option', id: `palette-${index}`,
      dataset: { key: entry.key, kind: entry.kind },
      onmousemove: () => { if (active !== index) { active = index; mark(); } },
      onclick: () => choose(index),
    },
    h('span', { class: `palette-kind palette-kind-${entry.kind}` }, t(`palette.kind.${entry.kind}`)),
    h('span', { class: 'palette-name' }, entry.name),
    entry.detail ? h('span', { class: 'palette-detail muted' }, entry.detail) : null,
    h('span', { class: 'spacer' }),
    entry.action ? h('span', { class: 'palette-action' }, entry.action) : null,
    entry.keys ? h('kbd', { 'aria-keyshortcuts': shortcutAria(entry.keys) }, shortcutText(entry.keys)) : null);
  }

  function mark() {
    [...list.children].forEach((li, i) => li.setAttribute('aria-selected', String(i === active)));
    const li = list.children[active];
    if (li) {
      input.setAttribute('aria-activedescendant', li.id);
      li.scrollIntoView({ block: 'nearest' });
    } else input.removeAttribute('aria-activedescendant');
  }

  async function choose(index) {
    const entry = shown[index];
    if (!entry) return;
    close();
    try {
      await entry.run();
    } catch (err) {
      toast(errorText(err), { kind: 'error' });
    }
  }

  /** Asks each source for what matches `query` ('' for its first page); draws as they answer. */
  async function load(query) {
    const kind = shell.kind();
    if (!CONSOLE_SOURCES[kind]) return;
    const module = await CONSOLE_SOURCES[kind]();
    const sources = module.paletteSources(shell.ctx).filter((s) => query === '' || s.searches);
    pending += sources.length;
    draw();
    await Promise.all(sources.map(async (source) => {
      try {
        const entries = await source.load(query, request.signal);
        failures.delete(source.what);
        for (const e of entries) found.set(e.key, e);
      } catch (err) {
        if (err.kind !== 'cancelled') failures.set(source.what, err);
      } finally {
        pending -= 1;
      }
      if (!request.signal.aborted) draw();
    }));
  }

  const askConsole = debounce(() => {
    const query = input.value.trim();
    if (!query || query === asked || request.signal.aborted) return;
    asked = query;
    load(query);
  }, 250);

  input.addEventListener('input', () => { active = 0; draw(); askConsole(); });
  input.addEventListener('keydown', (e) => {
    if (e.isComposing) return;
    const move = { ArrowDown: 1, ArrowUp: -1, PageDown: 8, PageUp: -8 }[e.key];
    if (move && shown.length) {
      e.preventDefault();
      // Arrows wrap round the list; a page key stops at its ends.
      active = Math.abs(move) > 1 ? Math.min(Math.max(0, active + move), shown.length - 1) : (active + move + shown.length) % shown.length;
      mark();
    } else if (e.key === 'Enter') {
      e.preventDefault();
      choose(active);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      close();
    }
  });
  dlg.addEventListener('cancel', (e) => { e.preventDefault(); close(); });
  // A click beside the palette (on the dialog's backdrop) closes it.
  dlg.addEventListener('click', (e) => { if (e.target === dlg) close(); });

  document.body.append(dlg);
  dlg.showModal();
  input.focus();
  draw();
  load('');
  return { dlg, close };
}
