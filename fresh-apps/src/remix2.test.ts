/**
 * A fresh Remix 2 app (the Vite starter of `create-remix`), outside the workspace, with Graft
 * installed only from the packed tarballs and the README's files and commands: typecheck,
 * `remix vite:build` served by `remix-serve`, and `remix vite:dev`.
 */
import { describeRemixFamilyApp } from './test-support/remix-family.js';

describeRemixFamilyApp({
  name: 'remix2',
  title: 'Remix 2 (Vite)',
  files: ['app/tools.server.ts', 'app/sessions.server.ts', 'app/routes/login.tsx', 'app/routes/tools.$.tsx'],
  startReady: /\[remix-serve\] http/,
});
