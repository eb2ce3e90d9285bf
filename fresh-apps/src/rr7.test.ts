/**
 * A fresh React Router 7 app (framework mode, as `create-react-router` makes it), outside the
 * workspace, with Graft installed only from the packed tarballs and the README's files and
 * commands: typecheck, `react-router build` served by `react-router-serve`, and `react-router dev`.
 */
import { describeRemixFamilyApp } from './test-support/remix-family.js';

describeRemixFamilyApp({
  name: 'rr7',
  title: 'React Router 7 (framework mode)',
  files: ['app/tools.server.ts', 'app/sessions.server.ts', 'app/routes/login.tsx', 'app/routes/tools.tsx', 'app/routes.ts'],
  startReady: /\[react-router-serve\] http/,
});
