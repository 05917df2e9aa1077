// The Instances screen: the list of flow instances (`#/instances`, `?flow=<flowModuleId>`),
// or one instance's page (`?instance=<id>`), as the address says.
import { instancesList } from './instances/list.js';
import { instancePage } from './instances/page.js';
import '../strings/instances.js';

export function instancesView(ctx, params = {}) {
  return params.instance ? instancePage(ctx, String(params.instance)) : instancesList(ctx, params);
}
