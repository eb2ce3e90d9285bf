import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node';
import { Form, useActionData, useSearchParams } from '@remix-run/react';
import { frontDoorOf } from '../front-door.server';
import { currentUser, safeRedirectTarget, sessionStorage } from '../sessions.server';
import { sitePath } from '../site-path';
import { verifyLogin } from '../users.server';

export const meta: MetaFunction = () => [{ title: 'Sign in · Graft Remix demo' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const target = safeRedirectTarget(new URL(request.url).searchParams.get('redirectTo'));
  if (await currentUser(request, context)) throw redirect(target);
  // Behind a front server, its sign-in page signs the user in, then comes back to the target.
  const frontDoor = frontDoorOf(context);
  if (frontDoor) throw redirect(frontDoor.signInUrl(sitePath(target)));
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const user = verifyLogin(String(form.get('username') ?? ''), String(form.get('password') ?? ''));
  if (!user) return { error: 'Wrong user name or password.' };
  const session = await sessionStorage.getSession(request.headers.get('Cookie'));
  session.set('user', user);
  return redirect(safeRedirectTarget(form.get('redirectTo')), {
    headers: { 'Set-Cookie': await sessionStorage.commitSession(session) },
  });
}

export default function Login() {
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  return (
    <>
      <h1>Sign in</h1>
      <p>Demo accounts: alice / alice or bob / bob.</p>
      <Form method="post" reloadDocument>
        <input type="hidden" name="redirectTo" value={params.get('redirectTo') ?? '/'} />
        <label>
          Username <input name="username" autoComplete="username" required />
        </label>
        <label>
          Password <input name="password" type="password" autoComplete="current-password" required />
        </label>
        {result?.error ? <p role="alert">{result.error}</p> : null}
        <button type="submit">Sign in</button>
      </Form>
    </>
  );
}
