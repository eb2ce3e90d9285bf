// The site has no icon. Answering /favicon.ico here (browsers ask for it on the embedded apps'
// pages too) keeps Remix from logging a "No route matches" error for every page view.
export const loader = () => new Response(null, { status: 204, headers: { 'cache-control': 'public, max-age=86400' } });
