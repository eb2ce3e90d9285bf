/**
 * Test helper: calls the notes app through Graft's core, mounted at `/tools/notes`, as a host
 * would.
 */
import { callNodeApp, type IdentityInput, type NodeApp } from '@graft/core';

export const MOUNT = '/tools/notes';

/** Runs one request against `app` under {@link MOUNT} as `identity`. */
export function call(
  app: NodeApp,
  path: string,
  init: RequestInit & { identity?: IdentityInput; locals?: Record<string, unknown> } = {},
): Promise<Response> {
  const { identity = null, locals, ...requestInit } = init;
  return callNodeApp(app, new Request(`http://localhost${MOUNT}${path}`, requestInit), {
    mountPath: MOUNT,
    identity,
    identityHeader: 'x-remote-user',
    locals,
  });
}
