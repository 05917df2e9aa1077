// The connect and edit form of a FlexModel data source: kind (the server's list), URL, user
// and password, with a connection test that shows the server's own message and the time it
// took. The form checks what the server would refuse before anything is sent (a name that
// cannot prefix the project's GraphQL operations, a name already taken, no URL, no kind) and
// puts a server refusal under the field it names. An edit opens from a fresh list answer; the
// server replaces the whole connection on save; the window never holds the stored password
// (the list says only `hasPassword`), so a password left empty is filled in by Rust with the
// stored one, and the form says whether there is one to keep.
import { api } from '../../api.js';
import { h } from '../../../../dom.js';
import { t } from '../../../../i18n.js';
import { modal, errorBox, errorText } from '../../../../components/dialog.js';
import { field, input, select, checkbox, validate, showFieldError, clearErrors } from '../../../../components/form.js';
import { toast } from '../../../../components/toast.js';

/** The kinds the server knows, in its order, with a URL of each as an example. */
export const KINDS = [
  ['mysql', 'MySQL', 'jdbc:mysql://localhost:3306/mydb'],
  ['mariadb', 'MariaDB', 'jdbc:mariadb://localhost:3306/mydb'],
  ['oracle', 'Oracle', 'jdbc:oracle:thin:@localhost:1521:orcl'],
  ['sqlserver', 'SQL Server', 'jdbc:sqlserver://localhost:1433;databaseName=mydb'],
  ['postgresql', 'PostgreSQL', 'jdbc:postgresql://localhost:5432/mydb'],
  ['db2', 'Db2', 'jdbc:db2://localhost:50000/mydb'],
  ['sqlite', 'SQLite', 'jdbc:sqlite:/path/to/file.db'],
  ['gbase', 'GBase', 'jdbc:gbase://localhost:5258/mydb'],
  ['dm', 'DM (达梦)', 'jdbc:dm://localhost:5236'],
  ['tidb', 'TiDB', 'jdbc:mysql://localhost:4000/mydb'],
  ['mongodb', 'MongoDB', 'mongodb://localhost:27017/mydb'],
];

export const kindLabel = (kind) => KINDS.find(([k]) => k === kind)?.[1] || kind || '';

/** A data source name the server and the project's GraphQL schema accept. */
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const NAME_MAX = 64;

/**
 * What the form refuses of `values` ({name, dbKind, url}), as {field: message|null}. `taken`:
 * the names of the data sources listed (none for an edit).
 */
export function checkDatasource(values, taken = null) {
  const name = values.name;
  let nameError = null;
  if (taken) {
    const same = taken.find((n) => n.toLowerCase() === name.toLowerCase());
    if (!name) nameError = t('form.required');
    else if (!NAME.test(name)) nameError = t('fm.datasources.nameInvalid');
    else if (name.length > NAME_MAX) nameError = t('fm.datasources.nameTooLong', { max: NAME_MAX });
    else if (same) nameError = t('fm.datasources.nameTaken', { name: same });
  }
  return {
    name: nameError,
    dbKind: values.dbKind ? null : t('fm.datasources.kindRequired'),
    url: values.url ? null : t('form.required'),
  };
}

/** The field a server refusal is about: its own `field` (`config.url` → `url`), else the
 * name when the message speaks of it. */
function refusedField(err, name) {
  if (err.field) return String(err.field).split('.').pop();
  if (name && String(err.message || '').includes(name)) return 'name';
  return null;
}

/**
 * The form. `existing`: the data source as a fresh list answer has it (an edit), or null.
 * Returns {body, values(), datasource(), check(taken), test(), focus()}.
 */
function buildForm(existing) {
  const config = existing?.config || {};
  const name = input({ id: 'ds-name', value: existing?.name || '', autocomplete: 'off', spellcheck: 'false' });
  const kind = select([['', t('fm.datasources.kindChoose')], ...KINDS.map(([k, label]) => [k, label])], config.dbKind || '', { id: 'ds-kind' });
  const url = input({ id: 'ds-url', value: config.url || '', autocomplete: 'off', spellcheck: 'false' });
  const username = input({ id: 'ds-username', value: config.username || '', autocomplete: 'off' });
  const password = input({ id: 'ds-password', type: 'password', autocomplete: 'new-password' });
  const enabled = checkbox(t('fm.datasources.enabled'), existing ? existing.enabled !== false : true, { id: 'ds-enabled' });
  // The window never holds a stored password: Rust sends the stored one when this is empty.
  const storedPassword = Boolean(config.hasPassword);
  const urlHint = h('small', { class: 'hint', id: 'ds-url-hint' });
  const showExample = () => {
    const example = KINDS.find(([k]) => k === kind.value)?.[2];
    url.placeholder = example || '';
    urlHint.textContent = example ? t('fm.datasources.urlExample', { example }) : '';
  };
  kind.addEventListener('change', showExample);
  showExample();
  if (existing) name.disabled = true;

  const result = h('div', { class: 'ds-test-result', id: 'ds-test-result', role: 'status' });
  const testButton = h('button', { class: 'btn', id: 'ds-test' }, t('fm.datasources.test'));
  const formError = h('div', { class: 'ds-form-error', id: 'ds-form-error', role: 'alert' });
  const urlField = field(t('fm.datasources.url'), url, { name: 'url' });
  urlField.querySelector('.field-error').before(urlHint);
  const passwordHint = existing
    ? (storedPassword ? t('fm.datasources.passwordKeep') : t('fm.datasources.passwordResend'))
    : null;
  const body = h('div', { class: 'form form-grid ds-form' },
    field(t('common.name'), name, { name: 'name', hint: existing ? t('fm.datasources.noRename') : t('fm.datasources.nameHint') }),
    field(t('fm.datasources.kind'), kind, { name: 'dbKind' }),
    h('div', { class: 'span-all' }, urlField),
    field(t('fm.datasources.username'), username, { name: 'username' }),
    field(t('fm.datasources.password'), password, { name: 'password', hint: passwordHint }),
    existing ? h('div', { class: 'span-all field' }, enabled.el, h('small', { class: 'hint' }, t('fm.datasources.enabledHint'))) : null,
    h('div', { class: 'span-all ds-test-row' }, testButton, result),
    h('div', { class: 'span-all' }, formError));

  const values = () => ({
    name: existing ? existing.name : name.value.trim(),
    dbKind: kind.value,
    url: url.value.trim(),
    username: username.value.trim(),
    password: password.value,
    enabled: enabled.box.checked,
  });

  /** The data source as the server takes it (what the list answered, with the form's values). */
  const datasource = () => {
    const v = values();
    const cfg = { ...config, dbKind: v.dbKind, url: v.url };
    if (v.username) cfg.username = v.username; else delete cfg.username;
    delete cfg.hasPassword;
    if (v.password) cfg.password = v.password; else delete cfg.password;
    return { name: v.name || 'connection_test', type: existing?.type || 'USER', config: cfg, enabled: v.enabled };
  };

  async function test() {
    formError.replaceChildren();
    const checks = checkDatasource(values());
    if (!validate(body, { dbKind: checks.dbKind, url: checks.url })) return null;
    testButton.disabled = true;
    result.className = 'ds-test-result ds-test-running';
    result.textContent = t('fm.datasources.testing');
    try {
      const answer = await api.datasources.validate(datasource());
      const ok = answer.success === true;
      result.className = `ds-test-result ${ok ? 'ds-test-ok' : 'ds-test-failed'}`;
      result.replaceChildren(
        h('strong', {}, ok ? t('fm.datasources.testOk') : t('fm.datasources.testFailed')), ' ',
        h('span', { class: 'ds-test-message' }, answer.errorMsg || t('common.none')), ' ',
        h('span', { class: 'ds-test-time muted' }, t('fm.datasources.ms', { ms: answer.time ?? '?' })));
      return answer;
    } catch (err) {
      result.className = 'ds-test-result ds-test-failed';
      result.textContent = errorText(err);
      return null;
    } finally {
      testButton.disabled = false;
    }
  }
  testButton.addEventListener('click', () => test());

  return {
    body, values, datasource, test, existing,
    focus: () => (existing ? kind : name).focus(),
    changed: (initial) => JSON.stringify(values()) !== JSON.stringify(initial),
    refused: (err) => {
      clearErrors(body);
      const where = refusedField(err, values().name);
      if (!showFieldError(body, where, err.message)) formError.replaceChildren(errorBox(err));
    },
  };
}

/**
 * Opens the connect dialog; resolves with the created data source (as the form sent it, with
 * its password, for the table picker), or null.
 */
export async function connectDialog() {
  const form = buildForm(null);
  return modal(t('fm.datasources.connectTitle'), form.body, {
    wide: true,
    onOpen: () => form.focus(),
    actions: [{ label: t('common.cancel') }, {
      label: t('fm.datasources.connect'), primary: true, submit: true, id: 'ds-save',
      onClick: async (close) => {
        let taken;
        try {
          taken = (await api.datasources.list()).map((d) => d.name);
        } catch (err) {
          form.refused(err);
          return;
        }
        if (!validate(form.body, checkDatasource(form.values(), taken))) return;
        const sent = form.datasource();
        try {
          const created = await api.datasources.create(sent);
          toast(t('fm.datasources.created', { name: created.name || sent.name }));
          close({ ...created, config: sent.config });
        } catch (err) {
          form.refused(err);
        }
      },
    }],
  });
}

/** Opens the edit dialog of data source `name`, read afresh; resolves true once saved. */
export async function editDialog(name) {
  const holder = h('div', { class: 'form-holder' }, h('div', { class: 'state state-loading' }, t('common.loading')));
  let form = null;
  let initial = null;
  return modal(`${t('common.edit')} · ${name}`, holder, {
    wide: true,
    onOpen: async () => {
      try {
        const fresh = (await api.datasources.list()).find((d) => d.name === name);
        if (!fresh) throw new Error(t('fm.datasources.gone', { name }));
        if (fresh.type === 'SYSTEM') throw new Error(t('fm.datasources.systemReadOnly'));
        form = buildForm(fresh);
        initial = form.values();
        holder.replaceChildren(form.body);
        form.focus();
      } catch (err) {
        holder.replaceChildren(errorBox(err));
      }
    },
    actions: [{ label: t('common.cancel') }, {
      label: t('common.save'), primary: true, submit: true, id: 'ds-save',
      onClick: async (close) => {
        if (!form) return;
        if (!validate(form.body, checkDatasource(form.values()))) return;
        if (!form.changed(initial)) {
          toast(t('form.unchanged'));
          close(false);
          return;
        }
        try {
          await api.datasources.update(name, form.datasource());
          toast(t('common.saved'));
          close(true);
        } catch (err) {
          form.refused(err);
        }
      },
    }],
  }).then(Boolean);
}
