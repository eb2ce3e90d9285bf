/**
 * The route exports inside the REAL client routers: React Router 7's (`createMemoryRouter`) and
 * the one Remix v2 runs on (`@remix-run/router` 1.x), each with basename /site, calling them as
 * the mount route's loader and action. What the exports answer is recorded; the browser's part
 * (the document load, the native form) is Playwright's (e2e/rr7, e2e/remix).
 */
import { createMemoryHistory, createRouter } from '@remix-run/router';
import { createMemoryRouter } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import { RELOAD_DOCUMENT_HEADER } from './document-load.js';
import { createDocumentNavigation } from './document-navigation.js';
import type { NativeSubmission } from './native-submit.js';
import type { RouterLike } from './navigation.js';

/** What the mount route's exports did: thrown responses, server calls, native submissions. */
interface Outcomes {
  thrown: Response[];
  server: string[];
  submitted: NativeSubmission[];
}

type Router = RouterLike & {
  navigate(to: string, opts?: { formMethod?: 'post' | 'put'; formData?: FormData; formEncType?: 'multipart/form-data' }): Promise<void>;
  dispose(): void;
};

function routesFor(outcomes: Outcomes, routerRef: () => Router) {
  const { clientLoader, clientAction } = createDocumentNavigation({
    router: routerRef,
    submit: (submission) => outcomes.submitted.push(submission) > 0,
  });
  const record = async (run: () => Promise<unknown>) => {
    try {
      return await run();
    } catch (error) {
      if (error instanceof Response) outcomes.thrown.push(error);
      return null;
    }
  };
  return [
    {
      id: 'root',
      path: '/',
      children: [
        { id: 'home', index: true, loader: () => 'home', action: () => 'posted home' },
        {
          id: 'tools',
          path: 'tools/*',
          loader: ({ request }: { request: Request }) =>
            record(() => clientLoader({ request, serverLoader: async () => outcomes.server.push(`loader ${request.url}`) })),
          action: ({ request }: { request: Request }) =>
            record(() =>
              clientAction({ request, serverAction: async () => outcomes.server.push(`action ${request.method} ${request.url}`) }),
            ),
        },
      ],
    },
  ];
}

// React Router 7's `router.navigate` adds the basename; the 1.x router's takes the whole path
// (Remix's `<Link>` and `useNavigate` add it there).
const routers: Record<string, { make: (routes: ReturnType<typeof routesFor>) => Router; base: string }> = {
  'React Router 7': {
    make: (routes) => createMemoryRouter(routes, { basename: '/site', initialEntries: ['/site/'] }) as unknown as Router,
    base: '',
  },
  'Remix v2 (@remix-run/router)': {
    make: (routes) =>
      createRouter({
        routes,
        basename: '/site',
        history: createMemoryHistory({ initialEntries: ['/site/'] }),
      }).initialize() as unknown as Router,
    base: '/site',
  },
};

function reloadTarget(response: Response | undefined): string | null {
  expect(response?.headers.get(RELOAD_DOCUMENT_HEADER)).toBe('true');
  return response!.headers.get('location');
}

describe.each(Object.entries(routers))('%s', (_name, { make, base }) => {
  function setUp() {
    const outcomes: Outcomes = { thrown: [], server: [], submitted: [] };
    let router: Router | undefined;
    router = make(routesFor(outcomes, () => router!));
    return { outcomes, router };
  }

  it('turns a navigation into the mount into a document load of the same URL, hash included', async () => {
    const { outcomes, router } = setUp();
    await router.navigate(`${base}/tools/notes/a b?x=1#part`);
    expect(outcomes.server).toEqual([]);
    expect(reloadTarget(outcomes.thrown[0])).toBe('http://localhost/site/tools/notes/a%20b?x=1#part');
    router.dispose();
  });

  it('sends a POST of form fields as a native form to the mounted URL, and never to the server action', async () => {
    const { outcomes, router } = setUp();
    const formData = new FormData();
    formData.append('title', 'Memo');
    formData.append('file', new File(['hello'], 'memo.txt'));
    void router.navigate(`${base}/tools/notes/notes`, { formMethod: 'post', formData, formEncType: 'multipart/form-data' });
    await vi.waitFor(() => expect(outcomes.submitted).toHaveLength(1), { timeout: 5000 });
    const [submission] = outcomes.submitted;
    expect(submission?.action).toBe('http://localhost/site/tools/notes/notes');
    expect(submission?.enctype).toBe('multipart/form-data');
    expect(submission?.entries.map(([name]) => name)).toEqual(['title', 'file']);
    // The page would now unload; a new navigation gives the pending submission up.
    await router.navigate(`${base}/`);
    expect(outcomes.server).toEqual([]);
    router.dispose();
  });

  it('sends other submissions to the server action, then loads the form URL as a document', async () => {
    const { outcomes, router } = setUp();
    await router.navigate(`${base}/tools/db/books/1`, { formMethod: 'put', formData: new FormData() });
    expect(outcomes.server).toEqual(['action PUT http://localhost/site/tools/db/books/1']);
    expect(reloadTarget(outcomes.thrown[0])).toBe('http://localhost/site/tools/db/books/1');
    router.dispose();
  });
});

describe('React Router 7 fetchers', () => {
  it("still get the server loader's and action's answers: only navigations become document loads", async () => {
    const outcomes: Outcomes = { thrown: [], server: [], submitted: [] };
    let router: ReturnType<typeof createMemoryRouter> | undefined;
    router = createMemoryRouter(
      routesFor(outcomes, () => router as unknown as Router),
      { basename: '/site', initialEntries: ['/site/'] },
    );
    // A memory router counts as a browser for fetchers only when a window is around; React Router
    // 7 has no such check, so its fetchers run here as in the browser.
    await router.fetch('f1', 'home', '/tools/api/items');
    await vi.waitFor(() => expect(outcomes.server).toEqual(['loader http://localhost/site/tools/api/items']), { timeout: 5000 });
    await router.fetch('f2', 'home', '/tools/api/items', { formMethod: 'post', formData: new FormData() });
    await vi.waitFor(() => expect(outcomes.server).toContain('action POST http://localhost/site/tools/api/items'), { timeout: 5000 });
    expect(outcomes.thrown).toEqual([]);
    expect(outcomes.submitted).toEqual([]);
    router.dispose();
  });
});
