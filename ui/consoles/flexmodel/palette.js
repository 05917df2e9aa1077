// What the command palette finds on a FlexModel console, by name: flows (open, start), triggers
// (open, run now, enable or disable), models of every datasource (open, open an entity's
// records). Reads go through api.js (remembered answers first); flows are asked again by name
// as the user types (the console pages them), triggers and models come whole. The actions are
// the screens' own: the start dialog, the triggers' calls with the same notices, after which
// the Triggers screen shows the trigger (and a run's job log).
import { api } from './api.js';
import { t } from '../../i18n.js';
import { toast } from '../../components/toast.js';
import { errorText } from '../../components/dialog.js';
import { startInstance } from './views/flows/start.js';

const PAGE_SIZE = 50;

const remembered = async (fetch, args, signal) => fetch.peek(...args) ?? (await fetch(...args, { signal }));

/** A change to a trigger, said as the Triggers screen says it; then that screen shows it. */
async function triggerChange(ctx, r, change, said) {
  try {
    await change();
    toast(t(said, { name: r.name }));
  } catch (err) {
    toast(errorText(err), { kind: 'error' });
    return;
  }
  ctx.go('triggers', { q: r.name, ...(said === 'fm.triggers.executed' ? { trigger: r.id } : {}) });
}

/** `ctx`: the shell's (go, openFlow, openModels, openRecords…). */
export function paletteSources(ctx) {
  return [
    {
      what: t('nav.fm.flows'),
      searches: true,
      load: async (search, signal) => {
        const answer = await remembered(api.flows.list, [search || null, null, 1, PAGE_SIZE], signal);
        return (answer?.list || []).flatMap((f) => {
          const name = f.flowName || f.flowModuleId;
          const detail = f.flowKey || '';
          return [
            { key: `flow:${f.flowModuleId}:open`, kind: 'flow', name, detail, action: t('palette.open'), run: () => ctx.openFlow(f.flowModuleId) },
            { key: `flow:${f.flowModuleId}:start`, kind: 'flow', name, detail, action: t('palette.start'), run: () => startInstance(f, ctx, { deployed: Number(f.status) === 4 }) },
          ];
        });
      },
    },
    {
      what: t('nav.fm.triggers'),
      searches: false,
      load: async (_search, signal) => (await remembered(api.triggers.list, [null], signal) || []).flatMap((r) => {
        const detail = `${r.jobName || ''} · ${r.state ? t('palette.enabled') : t('palette.disabled')}`;
        const entry = (id, action, run) => ({ key: `trigger:${r.id}:${id}`, kind: 'trigger', name: r.name, detail, words: r.description, action, run });
        return [
          entry('open', t('palette.open'), () => ctx.go('triggers', { q: r.name, trigger: r.id })),
          r.state
            ? entry('execute', t('palette.runNow'), () => triggerChange(ctx, r, () => api.triggers.execute(r.id), 'fm.triggers.executed'))
            : null,
          r.state
            ? entry('disable', t('palette.disable'), () => triggerChange(ctx, r, () => api.triggers.setEnabled(r.id, false), 'fm.triggers.turnedOff'))
            : entry('enable', t('palette.enable'), () => triggerChange(ctx, r, () => api.triggers.setEnabled(r.id, true), 'fm.triggers.turnedOn')),
        ].filter(Boolean);
      }),
    },
    {
      what: t('nav.fm.models'),
      searches: false,
      load: async (_search, signal) => {
        const sources = await remembered(api.datasources.list, [], signal) || [];
        const perSource = await Promise.all(sources.map(async (d) => {
          const models = await remembered(api.models.list, [d.name], signal) || [];
          return models.flatMap((m) => {
            const type = m.type || 'entity';
            const detail = type === 'entity' ? d.name : `${d.name} · ${type}`;
            return [
              { key: `model:${d.name}:${m.name}:open`, kind: 'model', name: m.name, detail, words: m.comment, action: t('palette.open'), run: () => ctx.openModels(d.name, m.name) },
              type === 'entity'
                ? { key: `model:${d.name}:${m.name}:records`, kind: 'model', name: m.name, detail, words: m.comment, action: t('palette.records'), run: () => ctx.openRecords(d.name, m.name) }
                : null,
            ].filter(Boolean);
          });
        }));
        return perSource.flat();
      },
    },
  ];
}
