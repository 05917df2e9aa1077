// Code generation: pick a template and a data source, give the template's variables as a JSON
// object (an editor prefilled with the template's defaults, checked before anything is sent:
// JSON, and an object), see the generated zip's files and read any of them, then save the zip
// through the native save dialog. Template and data source are kept in the address.
import { api } from '../api.js';
import { h } from '../../../dom.js';
import { t } from '../../../i18n.js';
import { field, select, validate } from '../../../components/form.js';
import { errorBox, errorText } from '../../../components/dialog.js';
import { filesPanel } from './codegen/files.js';
import '../strings/codegen.js';

/**
 * The variables text as the console takes them: {value} (null when empty: the template's
 * defaults) or {error}.
 */
export function parseVariables(text) {
  const s = String(text ?? '').trim();
  if (!s) return { value: null };
  let value;
  try {
    value = JSON.parse(s);
  } catch (e) {
    return { error: t('fm.codegen.err.notJson', { reason: e.message }) };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const kind = Array.isArray(value) ? t('fm.codegen.kind.array') : t(`fm.codegen.kind.${value === null ? 'null' : typeof value}`);
    return { error: t('fm.codegen.err.notObject', { kind }) };
  }
  return { value };
}

const pretty = (value) => (value && typeof value === 'object' && Object.keys(value).length ? JSON.stringify(value, null, 2) : '{}');

export function codegenView(ctx, params = {}) {
  let templates = [];
  let left = false;
  let seq = 0;
  const template = select([], '', { id: 'cg-template' });
  const datasource = select([], '', { id: 'cg-datasource' });
  const variables = h('textarea', { class: 'input cg-variables', id: 'cg-variables', rows: 8, spellcheck: 'false' });
  const defaults = h('small', { class: 'hint', id: 'cg-defaults' });
  const generate = h('button', { class: 'btn btn-primary', type: 'submit', id: 'cg-generate' }, t('fm.codegen.generate'));
  const result = h('div', { class: 'cg-result-slot', id: 'cg-result-slot' },
    h('div', { class: 'card state' }, h('p', { class: 'muted' }, t('fm.codegen.nothingYet'))));
  const form = h('form', { class: 'card form cg-form', id: 'cg-form', novalidate: true },
    h('h2', {}, t('fm.codegen.setup')),
    field(t('fm.codegen.template'), template, { name: 'template' }),
    field(t('fm.codegen.datasource'), datasource, { name: 'datasource' }),
    field(t('fm.codegen.variables'), variables, { name: 'variables', hint: t('fm.codegen.variablesHint') }),
    defaults,
    h('div', { class: 'cg-actions' }, generate));
  let file = params.file || '';

  const keepPlace = () => ctx.setParams({ template: template.value, ds: datasource.value, file: file || undefined });

  function showDefaults() {
    const chosen = templates.find((x) => x.name === template.value);
    const vars = chosen?.variables;
    variables.value = pretty(vars);
    defaults.textContent = vars && Object.keys(vars).length
      ? t('fm.codegen.defaults', { names: Object.keys(vars).join(', ') })
      : t('fm.codegen.noDefaults');
  }
  template.addEventListener('change', () => { file = ''; showDefaults(); keepPlace(); });
  datasource.addEventListener('change', () => { file = ''; keepPlace(); });

  async function run() {
    const vars = parseVariables(variables.value);
    const ok = validate(form, {
      template: template.value ? null : t('fm.codegen.err.template'),
      datasource: datasource.value ? null : t('fm.codegen.err.datasource'),
      variables: vars.error || null,
    });
    if (!ok) return;
    const mine = ++seq;
    generate.disabled = true;
    result.replaceChildren(h('div', { class: 'card state state-loading', 'aria-busy': 'true' }, t('fm.codegen.generating')));
    try {
      const preview = await api.codegen.generate(template.value, datasource.value, vars.value);
      if (mine !== seq || left) return;
      result.replaceChildren(filesPanel(preview, { chosen: file, onChoose: (name) => { file = name; keepPlace(); } }));
    } catch (err) {
      if (mine !== seq || left) return;
      // The console's refusal of a variable goes under the variables.
      if (['template', 'datasource', 'variables'].includes(err.field)) {
        validate(form, { [err.field]: errorText(err) });
        result.replaceChildren();
      } else {
        result.replaceChildren(h('div', { class: 'card' }, errorBox(err, run)));
      }
    } finally {
      if (mine === seq) generate.disabled = false;
    }
  }
  form.addEventListener('submit', (e) => { e.preventDefault(); run(); });

  async function start() {
    try {
      const [tpl, ds] = await Promise.all([api.codegen.templates(), api.datasources.list()]);
      if (left) return;
      templates = tpl;
      template.replaceChildren(...tpl.map((x) => h('option', { value: x.name }, x.name)));
      datasource.replaceChildren(...ds.map((d) => h('option', { value: d.name }, d.name)));
      if (tpl.some((x) => x.name === params.template)) template.value = params.template;
      if (ds.some((d) => d.name === params.ds)) datasource.value = params.ds;
      showDefaults();
      keepPlace();
      if (!tpl.length) result.replaceChildren(h('div', { class: 'card state' }, h('p', { class: 'muted' }, t('fm.codegen.noTemplates'))));
    } catch (err) {
      if (!left) result.replaceChildren(h('div', { class: 'card' }, errorBox(err, start)));
    }
  }

  const el = h('section', { class: 'screen cg-screen' },
    h('div', { class: 'screen-head' }, h('h1', {}, t('nav.fm.codegen')),
      h('span', { class: 'muted' }, t('fm.codegen.intro'))),
    h('div', { class: 'cg-layout' }, form, result));
  el.addEventListener('screen-leave', () => { left = true; seq += 1; });
  start();
  return el;
}
