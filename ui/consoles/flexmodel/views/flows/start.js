// Starting an instance of a flow: the variables in a JSON editor, read (by the app, in Rust)
// before anything is sent: a syntax error names its line and column and puts the caret there,
// anything but an object is refused. The start is sent once: a lost answer is said as an
// unknown outcome and the dialog offers no second try. The outcome shows the instance's id
// and status with a link to it.
import { h } from '../../../../dom.js';
import { t } from '../../../../i18n.js';
import { modal, errorText } from '../../../../components/dialog.js';
import { facts, badge } from '../../../../components/list-view.js';
import { field, validate } from '../../../../components/form.js';
import { api } from '../../api.js';

const INSTANCE_KIND = { 1: 'ok', 2: 'busy', 3: 'error', 4: 'off' };

/** An instance status (0 default … 4 ended) as a word in a badge. */
export function instanceBadge(status) {
  const el = badge(status in INSTANCE_KIND || status === 0 ? t(`fm.flows.inst.${status}`) : String(status ?? t('common.none')), INSTANCE_KIND[status] || '');
  el.dataset.status = String(status ?? '');
  return el;
}

/** The line and column of a place in `text` (both from 1). */
function caretOf(text, offset) {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/** Moves the caret to `line`, `column` (from 1). */
function moveTo(area, line, column) {
  const lines = area.value.split('\n');
  const row = Math.min(Math.max(1, line), lines.length);
  const offset = lines.slice(0, row - 1).reduce((n, l) => n + l.length + 1, 0) + Math.min(Math.max(0, column - 1), lines[row - 1].length);
  area.focus();
  area.setSelectionRange(offset, offset);
}

/** The editor's message for a refusal of the variables: where and why, in the user's words. */
function variablesMessage(err, area) {
  const at = /^(.*) at line (\d+) column (\d+)$/.exec(err.message || '');
  if (at) {
    moveTo(area, Number(at[2]), Number(at[3]));
    return t('fm.flows.atLine', { line: at[2], column: at[3], reason: at[1] });
  }
  if (err.field === 'variables') return t('fm.flows.err.notObject');
  return errorText(err);
}

/**
 * Opens the start dialog for `flow` ({flowModuleId, flowName, status, flowDeployId?});
 * `deployed` says whether the console has a deployment to run. Resolves when closed.
 */
export function startInstance(flow, ctx, { deployed }) {
  const area = h('textarea', { class: 'input flow-vars', id: 'flow-vars', rows: 9, spellcheck: 'false', autocapitalize: 'off' });
  area.value = '{\n  \n}';
  const where = h('small', { class: 'flow-caret muted', id: 'flow-vars-caret' });
  const showCaret = () => { where.textContent = t('fm.flows.caret', caretOf(area.value, area.selectionStart)); };
  ['input', 'keyup', 'click', 'focus'].forEach((e) => area.addEventListener(e, showCaret));
  area.addEventListener('keydown', (e) => {
    if (e.key !== 'Tab') return;
    e.preventDefault();
    area.setRangeText('  ', area.selectionStart, area.selectionEnd, 'end');
    showCaret();
  });
  const outcome = h('div', { class: 'flow-outcome', id: 'flow-start-outcome', hidden: true });
  const editor = h('div', { class: 'flow-start-editor' },
    field(t('fm.flows.variables'), area, { name: 'variables' }), where);
  const body = h('div', { class: 'form', id: 'flow-start' },
    h('p', { class: deployed ? 'muted' : 'warn', id: 'flow-start-note' }, deployed ? t('fm.flows.deployedHint') : t('fm.flows.notDeployed')),
    editor, outcome);
  let sent = false;

  function finish(dlg, result) {
    editor.hidden = true;
    dlg.querySelector('[data-action=start]')?.remove();
    outcome.hidden = false;
    outcome.replaceChildren(...result);
  }

  return modal(`${t('fm.flows.start')} · ${flow.flowName || flow.flowModuleId}`, body, {
    wide: true,
    onOpen: (dlg) => {
      const start = dlg.querySelector('[data-action=start]');
      if (!deployed) {
        start.disabled = true;
        area.disabled = true;
      } else {
        moveTo(area, 2, 3);
        showCaret();
      }
    },
    actions: [{ label: t('common.close') }, {
      label: t('fm.flows.start'), primary: true, submit: true, id: 'start',
      onClick: async (close) => {
        if (sent || !deployed) return;
        const dlg = body.closest('dialog');
        const button = dlg.querySelector('[data-action=start]');
        let variables;
        try {
          variables = await api.flows.variables(area.value);
        } catch (err) {
          validate(body, { variables: variablesMessage(err, area) });
          showCaret();
          return;
        }
        validate(body, {});
        sent = true;
        button.disabled = true;
        button.textContent = t('fm.flows.starting');
        try {
          const run = await api.instances.start(flow.flowModuleId, variables);
          const id = run.flowInstanceId;
          finish(dlg, [
            h('h3', {}, t('fm.flows.startedTitle')),
            facts([
              [t('fm.flows.instanceId'), h('code', { id: 'flow-started-id' }, id || t('common.none'))],
              [t('fm.flows.instanceStatus'), instanceBadge(run.status)],
            ]),
            id ? h('button', { class: 'btn btn-primary', id: 'flow-open-instance', type: 'button', onclick: () => { close(id); ctx.openInstance(id); } }, t('fm.flows.openInstance')) : null,
          ]);
        } catch (err) {
          // Never sent again: a lost answer may have started it.
          finish(dlg, [
            h('p', { class: 'error-text', role: 'alert', id: 'flow-start-error' }, errorText(err)),
            err.kind === 'unknown_outcome' ? h('p', { class: 'muted' }, t('fm.flows.notResent')) : null,
            h('button', { class: 'btn', type: 'button', id: 'flow-start-instances', onclick: () => { close(null); ctx.openInstances(flow.flowModuleId); } }, t('fm.flows.instances')),
          ]);
        }
      },
    }],
  });
}
