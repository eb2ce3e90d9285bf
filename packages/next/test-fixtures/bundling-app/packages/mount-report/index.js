// A fetch app shipped as a package that reads its mount context from @graft/core: it sees it
// only if it and the route share one copy of @graft/core.
import { getMountContext } from '@graft/core';

export default {
  fetch: (request) => Response.json({ mountPath: getMountContext(request)?.mountPath ?? null }),
};
