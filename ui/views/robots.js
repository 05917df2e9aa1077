// Robots: status badges, licence, filters by robot group and package, detail.
import { api } from '../api.js';
import { h, formatTime } from '../dom.js';
import { t } from '../i18n.js';
import { listView, facts, badge } from '../components/list-view.js';
import { modal } from '../components/dialog.js';
import { select } from '../components/form.js';

const STATUS_KIND = { Ready: 'ok', Busy: 'busy', Disconnected: 'off' };

export function robotStatus(status) {
  return badge(t(`status.${status}`) === `status.${status}` ? (status || '?') : t(`status.${status}`), STATUS_KIND[status] || '');
}

export function robotsView() {
  const queue = select([['', `${t('robot.group')}: ${t('robot.all')}`]], '', { 'aria-label': t('robot.group'), id: 'robot-queue' });
  const pkg = select([['', `${t('robot.package')}: ${t('robot.all')}`]], '', { 'aria-label': t('robot.package'), id: 'robot-package' });
  const view = listView({
    title: t('robot.title'),
    fetch: api.robots.list,
    filters: () => ({ AssociatedQueueId: queue.value || undefined, PackageId: pkg.value || undefined }),
    toolbar: [queue, pkg],
    columns: [
      { key: 'Name', label: t('common.name'), sort: 'client' },
      { key: 'Status', label: t('robot.status'), sort: 'client', render: (r) => robotStatus(r.Status) },
      { key: 'LicenseStatus', label: t('robot.license'), sort: 'client' },
      { key: 'Version', label: t('robot.version') },
      { key: 'LastHeartbeatTime', label: t('robot.heartbeat'), value: (r) => formatTime(r.LastHeartbeatTime) },
    ],
    onOpen: (row) => modal(row.Name, facts([
      [t('common.id'), row.Id], [t('robot.status'), robotStatus(row.Status)], [t('robot.license'), row.LicenseStatus],
      [t('robot.version'), row.Version], ['SDK', row.SdkVersion], ['SKU', row.ClientSku],
      [t('robot.heartbeat'), formatTime(row.LastHeartbeatTime)], [t('common.description'), row.Description],
      ['ListeningStatus', row.ListeningStatus === undefined ? null : JSON.stringify(row.ListeningStatus)],
    ]), { wide: true, actions: [{ label: t('common.close') }] }),
  });
  for (const el of [queue, pkg]) el.addEventListener('change', () => view.reload());
  api.queues.list({ PageSize: 100 }).then((p) => queue.append(...p.List.map((q) => h('option', { value: q.Id }, q.Name))), () => {});
  api.packages.list({ PageSize: 100 }).then((p) => pkg.append(...p.List.map((x) => h('option', { value: x.Id }, x.Name))), () => {});
  return view.el;
}
