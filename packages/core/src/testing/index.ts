/**
 * `@graft/core/testing`: helpers for testing hosts and adapters built on Graft.
 */
export { FORGED_USER, forgedHeaders, forgedIdentityHeads, headerSpellings } from './forged-identity.js';
