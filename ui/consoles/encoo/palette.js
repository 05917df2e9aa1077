// What the command palette finds on an Encoo console, by name: workflows (open, run), packages
// (open, publish a new version), robot groups (open). Each read goes through api.js: a page
// the session already has is used as it is; the console is asked (by name) as the user types.
// The actions are the screens' own: the run dialog, the package's and the group's pages, the
// publish panel's file dialog.
import { api } from './api.js';
import { t } from '../../i18n.js';
import { runWorkflow } from './views/workflow-detail.js';
import { pickFiles } from './views/publish.js';

const PAGE_SIZE = 50;

/** The rows of the first page of `fetch` for `search`: remembered, else asked. */
async function rows(fetch, search, signal) {
  const query = { PageIndex: 0, PageSize: PAGE_SIZE, ...(search ? { SearchString: search } : {}) };
  const answer = fetch.peek(query) ?? (await fetch(query, { signal }));
  return answer?.List || [];
}

/** `ctx`: the shell's (go, openWorkflow, openPackage, openQueue…). */
export function paletteSources(ctx) {
  return [
    {
      what: t('nav.workflows'),
      searches: true,
      load: async (search, signal) => (await rows(api.workflows.list, search, signal)).flatMap((w) => {
        const detail = `${w.PackageName || ''} ${w.PackageVersion || ''}`.trim();
        return [
          { key: `workflow:${w.Id}:open`, kind: 'workflow', name: w.Name, detail, action: t('palette.open'), run: () => ctx.openWorkflow(w.Id) },
          { key: `workflow:${w.Id}:run`, kind: 'workflow', name: w.Name, detail, action: t('palette.run'), run: () => runWorkflow(w.Id, ctx) },
        ];
      }),
    },
    {
      what: t('nav.packages'),
      searches: true,
      load: async (search, signal) => (await rows(api.packages.list, search, signal)).flatMap((p) => [
        { key: `package:${p.Id}:open`, kind: 'package', name: p.Name, detail: p.LastVersion || '', action: t('palette.open'), run: () => ctx.openPackage(p.Id, p.Name) },
        { key: `package:${p.Id}:publish`, kind: 'package', name: p.Name, detail: p.LastVersion || '', action: t('palette.publish'), run: () => pickFiles() },
      ]),
    },
    {
      what: t('nav.queues'),
      searches: true,
      load: async (search, signal) => (await rows(api.queues.list, search, signal)).map((q) => ({
        key: `queue:${q.Id}:open`, kind: 'queue', name: q.Name, detail: t('palette.robots', { n: q.RobotCount ?? 0 }),
        action: t('palette.open'), run: () => ctx.openQueue(q.Id),
      })),
    },
  ];
}
