// Robots: status badges and licence, filtered on the console by robot group, package and
// package version (pickers that reach every group and package), newest or oldest first; a
// robot's page read afresh.
import { api } from '../api.js';
import { h, formatTime } from '../../../dom.js';
import { t } from '../../../i18n.js';
import { listView } from '../lists.js';
import { facts, badge } from '../../../components/list-view.js';
import { modal, errorBox } from '../../../components/dialog.js';
import { scopeFilters } from '../lookups.js';

const STATUS_KIND = { Ready: 'ok', Busy: 'busy', Disconnected: 'off' };

export function robotStatus(status) {
  return badge(t(`status.${status}`) === `status.${status}` ? (status || '?') : t(`status.${status}`), STATUS_KIND[status] || '');
}

export function robotsView() {
  const filters = scopeFilters({ queue: true, onChange: () => view.reload() });
  const view = listView({
    title: t('robot.title'),
    fetch: api.robots.list,
    filters: filters.values,
    below: h('div', { class: 'toolbar filters' }, filters.els),
    columns: [
      { key: 'Name', label: t('common.name') },
      { key: 'Status', label: t('robot.status'), render: (r) => robotStatus(r.Status) },
      { key: 'LicenseStatus', label: t('robot.license') },
      { key: 'Version', label: t('robot.version') },
      { key: 'LastHeartbeatTime', label: t('robot.heartbeat'), value: (r) => formatTime(r.LastHeartbeatTime) },
    ],
    onOpen: (row) => showRobot(row.Id),
  });
  return view.el;
}

/** A robot's page, read afresh. */
export async function showRobot(id) {
  const detail = h('div', { class: 'detail', id: 'robot-detail' }, h('div', { class: 'state state-loading' }, t('common.loading')));
  const request = new AbortController();
  const shown = modal(t('robot.title'), detail, {
    wide: true,
    actions: [{ label: t('common.close') }],
    onOpen: async (dlg) => {
      try {
        const r = await api.robots.get(id, { signal: request.signal });
        dlg.querySelector('.modal-title h2').textContent = r.Name;
        detail.replaceChildren(facts([
          [t('common.id'), r.Id], [t('robot.status'), robotStatus(r.Status)], [t('robot.license'), r.LicenseStatus],
          [t('robot.version'), r.Version], ['SDK', r.SdkVersion], ['SKU', r.ClientSku],
          [t('robot.heartbeat'), formatTime(r.LastHeartbeatTime)], [t('common.description'), r.Description],
          ['ListeningStatus', r.ListeningStatus === undefined ? null : JSON.stringify(r.ListeningStatus)],
        ]));
      } catch (err) {
        if (err.kind !== 'cancelled') detail.replaceChildren(errorBox(err));
      }
    },
  });
  await shown;
  request.abort();
}
