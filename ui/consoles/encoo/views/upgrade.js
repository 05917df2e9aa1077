// Know before you upgrade: the console's batch upgrade moves each workflow to its package's
// latest version. Before it is sent, each workflow's move is shown (arguments added with their
// defaults, dropped with the value that will be lost, changed in type or direction) and the
// user confirms with that in view; then each workflow's outcome is shown in the same place.
import { api } from '../api.js';
import { h, append, clear } from '../../../dom.js';
import { t } from '../../../i18n.js';
import { modal, errorText } from '../../../components/dialog.js';
import { argumentChanges } from './arguments.js';

/**
 * Previews and, once confirmed, upgrades `ids`. `intro` is a line above the list. Resolves
 * with the console's batch answer, or null when nothing was upgraded.
 */
export async function confirmUpgrade(ids, { intro } = {}) {
  const body = h('div', { class: 'detail', id: 'upgrade-preview' }, h('div', { class: 'state state-loading' }, t('upgrade.reading')));
  let previews = [];
  let result = null;
  let sending = false;
  const outcome = h('p', { id: 'upgrade-outcome', role: 'status' });
  const rows = new Map();

  const draw = () => {
    const movable = previews.filter((p) => !p.upToDate && !p.error);
    const losing = movable.filter((p) => p.changes.dropped.some((a) => a.DefaultValue) || p.changes.changed.length);
    append(clear(body), [
      intro ? h('p', {}, intro) : null,
      losing.length ? h('p', { class: 'warn', id: 'upgrade-loses' }, t('upgrade.loses', { n: losing.length })) : null,
      previews.length ? h('ul', { class: 'plain upgrade-list' }, previews.map((p) => {
        const li = h('li', { class: 'upgrade-item', dataset: { workflow: p.workflowId, state: p.error ? 'error' : p.upToDate ? 'current' : 'move' } },
          h('div', {}, h('strong', {}, p.workflowName), ' ',
            p.error ? h('span', { class: 'error-text' }, p.error)
              : p.upToDate ? h('span', { class: 'muted' }, t('upgrade.current', { version: p.toVersion || '' }))
                : h('span', {}, `${p.fromVersion || '?'} → ${p.toVersion || '?'}`)),
          !p.error && !p.upToDate ? argumentChanges(p.changes) : null);
        rows.set(p.workflowId, li);
        return li;
      })) : h('p', { class: 'muted' }, t('pub.noUsers')),
      outcome]);
    return movable;
  };

  await modal(t('wf.upgrade'), body, {
    wide: true,
    onOpen: async (dlg) => {
      const confirm = dlg.querySelector('[data-action=upgrade]');
      confirm.disabled = true;
      try {
        previews = await api.workflows.upgradePreview(ids);
        const movable = draw();
        confirm.textContent = t('pub.upgradeN', { n: movable.length });
        confirm.disabled = !movable.length;
      } catch (err) {
        body.replaceChildren(h('p', { class: 'error-text', role: 'alert' }, errorText(err)));
      }
    },
    actions: [{ label: t('common.close') }, {
      label: t('pub.upgradeN', { n: '…' }), primary: true, id: 'upgrade',
      onClick: async () => {
        const movable = previews.filter((p) => !p.upToDate && !p.error);
        if (sending || result || !movable.length) return;
        sending = true;
        try {
          result = await api.workflows.upgrade(movable.map((p) => p.workflowId));
          outcome.textContent = t('wf.upgradeResult', { total: result.Total, success: result.SuccessCount, failure: result.FailureCount, missing: result.MissingCount });
          const failed = new Map((result.FailedList || []).map((f) => [f.Id, f.Message]));
          for (const p of movable) {
            const li = rows.get(p.workflowId);
            const ok = !failed.has(p.workflowId);
            li.dataset.result = ok ? 'upgraded' : 'failed';
            li.firstChild.append(' ', ok ? h('span', { class: 'ok-text' }, '✓') : h('span', { class: 'error-text' }, `✗ ${failed.get(p.workflowId) || ''}`));
          }
          document.querySelector('#upgrade-preview')?.closest('dialog')?.querySelector('[data-action=upgrade]')?.setAttribute('disabled', '');
        } catch (err) {
          outcome.textContent = errorText(err);
        } finally {
          sending = false;
        }
      },
    }],
  });
  return result;
}
