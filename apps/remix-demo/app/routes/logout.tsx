import { type ActionFunctionArgs, type MetaFunction, redirect } from '@remix-run/node';
import { Form } from '@remix-run/react';
import { frontDoorOf } from '../front-door.server';
import { sessionStorage } from '../sessions.server';

export const meta: MetaFunction = () => [{ title: 'Sign out · Graft Remix demo' }];

// Signing out changes state, so it is a POST; the embedded apps' "Sign out" links land here.
export async function action({ request, context }: ActionFunctionArgs) {
  // Behind a front server, the session to end is its own: hand over to its sign-out page.
  const frontDoor = frontDoorOf(context);
  if (frontDoor) return redirect(frontDoor.signOutUrl);
  const session = await sessionStorage.getSession(request.headers.get('Cookie'));
  return redirect('/', { headers: { 'Set-Cookie': await sessionStorage.destroySession(session) } });
}

export default function Logout() {
  return (
    <>
      <h1>Sign out</h1>
      <Form method="post" reloadDocument>
        <button type="submit">Sign out</button>
      </Form>
    </>
  );
}
