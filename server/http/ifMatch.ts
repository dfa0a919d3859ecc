// If-Match for optimistic concurrency (RFC 9110 §13.1.1): the entity tags a request accepts, or '*' for any, or null
// when it sent none. Versioned records here carry strong tags `"<prefix>-<version>"`.
import type { IncomingMessage } from 'node:http';

export type Expected = number[] | '*' | null;

/** The versions an If-Match header accepts for tags made by `etag(prefix, version)`; a foreign tag accepts none. */
export function expectedVersions(req: IncomingMessage, prefix: string): Expected {
  const header = req.headers['if-match'];
  if (header === undefined) return null;
  const value = Array.isArray(header) ? header.join(',') : header;
  if (value.trim() === '*') return '*';
  const versions: number[] = [];
  for (const raw of value.split(',')) {
    const m = new RegExp(`^\\s*(?:W/)?"${prefix}-(\\d{1,15})"\\s*$`).exec(raw);
    if (m) versions.push(Number(m[1]));
  }
  return versions;
}

export const etag = (prefix: string, version: number) => `"${prefix}-${version}"`;
