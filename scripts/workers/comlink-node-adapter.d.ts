// Types for comlink's Node adapter (shipped as .mjs with a .d.ts of a different name).
/* eslint-disable @typescript-eslint/no-explicit-any -- mirrors comlink's own untyped adapter */
declare module 'comlink/dist/esm/node-adapter.mjs' {
  import type { Endpoint } from 'comlink';
  export interface NodeEndpoint {
    postMessage(message: any, transfer?: any[]): void;
    on(type: string, listener: (...args: any[]) => void): void;
    off(type: string, listener: (...args: any[]) => void): void;
    start?: () => void;
  }
  export default function nodeEndpoint(nep: NodeEndpoint): Endpoint;
}
