/**
 * `getMountContext` / `getMountIdentity` for fetch handlers behind the front door. The context
 * store is the bridge's (`bridge/fetch-context.ts`), because `callNodeApp` links the same context
 * for the fetch apps it runs: one store, one way for a fetch handler to learn who is signed in.
 */
export { getMountContext, getMountIdentity, linkMountContext } from '../bridge/fetch-context.js';
