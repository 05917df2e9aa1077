// How the Encoo console pages (`PageIndex` from 0, `PageSize`, `IsDesc`, `SearchString`;
// answers `{Count, List}`; rows keyed by `Id`), and the shared list, picker and paged list
// bound to it, for this console's screens.
import { listView as genericListView } from '../../components/list-view.js';
import { picker as genericPicker } from '../../components/picker.js';
import { pagedList as genericPagedList } from '../../components/paged-list.js';

export const paging = {
  query: ({ index, size, desc, search }) => ({
    PageIndex: index, PageSize: size, ...(desc === undefined ? {} : { IsDesc: desc }), ...(search ? { SearchString: search } : {}),
  }),
  page: (answer) => ({ count: answer?.Count || 0, rows: answer?.List || [] }),
  key: (row) => row.Id,
  label: (row) => row.Name || row.Id,
};

export const listView = (config) => genericListView({ paging, ...config });
export const picker = (config) => genericPicker({ paging, ...config });
export const pagedList = (config) => genericPagedList({ paging, ...config });
