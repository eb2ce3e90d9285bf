// polka 0.5 ships no types; the tests use this much of it. (Test-only: no source file imports polka.)
declare module 'polka' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  export interface PolkaRequest extends IncomingMessage {
    path: string;
    originalUrl: string;
    baseUrl?: string;
    params: Record<string, string>;
    query: Record<string, string | string[]>;
  }
  export type Next = (error?: unknown) => void;
  export type Middleware = (req: PolkaRequest, res: ServerResponse, next: Next) => unknown;
  export interface Polka {
    use(...handlers: (string | Middleware | Polka)[]): Polka;
    get(pattern: string, ...handlers: Middleware[]): Polka;
    post(pattern: string, ...handlers: Middleware[]): Polka;
    handler(req: IncomingMessage, res: ServerResponse, info?: unknown): void;
  }
  export interface PolkaOptions {
    onError?: (error: unknown, req: PolkaRequest, res: ServerResponse, next: Next) => void;
    onNoMatch?: (req: PolkaRequest, res: ServerResponse) => void;
  }
  export default function polka(options?: PolkaOptions): Polka;
}
