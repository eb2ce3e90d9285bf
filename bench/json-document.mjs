/**
 * The ~1 KB JSON document every benchmark serves at `/json`, as a typical API list endpoint
 * returns it. Shared by the in-process apps (`apps.mjs`), the HTTP app (`http-app.mjs`) and the
 * Next app's plain route, so every path serves the same bytes.
 */
export const JSON_DOCUMENT = {
  items: Array.from({ length: 8 }, (_, i) => ({
    id: 1000 + i,
    name: `Item number ${i}`,
    email: `user${i}@example.com`,
    active: i % 2 === 0,
    tags: ['alpha', 'beta', 'gamma'],
    score: 3.25 * i,
  })),
  total: 8,
  page: 1,
};
export const JSON_BODY = JSON.stringify(JSON_DOCUMENT);
