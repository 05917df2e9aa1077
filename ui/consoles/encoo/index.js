// The Encoo RPA console in the window: its screens, the header's scope (company and
// department), the publish panel that works over every screen, and the links between its
// screens that other screens follow (a workflow's package, a group's workflows…).
import { dashboardView } from './views/dashboard.js';
import { packagesView, showPackage } from './views/packages.js';
import { queuesView, showQueue } from './views/queues.js';
import { robotsView } from './views/robots.js';
import { workflowsView, newWorkflowFor } from './views/workflows.js';
import { layoutsView } from './views/layouts.js';
import { runsView } from './views/runs.js';
import { meView } from './views/me.js';
import { editWorkflow } from './views/workflow-form.js';
import { showWorkflow } from './views/workflow-detail.js';
import { initPublish, relabelPublish } from './views/publish.js';
import { scopePickers } from './scope.js';
import './strings.js';

export const encoo = {
  kind: 'encoo',
  routes: {
    dashboard: ['nav.dashboard', dashboardView],
    packages: ['nav.packages', packagesView],
    queues: ['nav.queues', queuesView],
    robots: ['nav.robots', robotsView],
    workflows: ['nav.workflows', workflowsView],
    layouts: ['nav.layouts', layoutsView],
    runs: ['nav.runs', runsView],
    me: ['nav.me', meView],
  },
  home: 'dashboard',
  scopePickers,
  /** What this console's screens open in one another, over the shell's `ctx`. */
  links: (ctx) => ({
    openPackage: (id, name) => showPackage(id, name, ctx),
    openQueue: (id) => showQueue(id, ctx),
    openWorkflow: (id) => showWorkflow(id, ctx, () => ctx.refresh()),
    editWorkflow: (id, onSaved) => editWorkflow(id, { onSaved }),
    newWorkflow: (packageId, versionId) => newWorkflowFor(packageId, versionId, () => ctx.go('workflows')),
  }),
  start: (ctx) => initPublish(ctx),
  relabel: () => relabelPublish(),
};
