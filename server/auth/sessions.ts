// Sessions: a random token in an HttpOnly, SameSite=Strict cookie, stored hashed; a CSRF token per session that every
// write must echo in the X-CSRF-Token header (double submit through the session API, not a cookie the page can read).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Principal } from '../../src/core/access/roles';
import { one, type Queryable } from '../db/db';
import { principalOf, type UserRow } from './users';

export const COOKIE = 'cim_session';
export const SESSION_HOURS = 12;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export interface Session {
  user: Principal;
  csrf: string;
  tokenHash: string;
}

export async function createSession(db: Queryable, userName: string): Promise<{ token: string; csrf: string }> {
  const token = randomBytes(32).toString('base64url');
  const csrf = randomBytes(24).toString('base64url');
  await db.query(`INSERT INTO sessions (token_hash, user_name, csrf, expires_at) VALUES ($1, $2, $3, now() + make_interval(hours => $4))`, [
    sha256(token),
    userName,
    csrf,
    SESSION_HOURS,
  ]);
  return { token, csrf };
}

export function sessionToken(req: IncomingMessage): string | null {
  const header = req.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === COOKIE) {
      const v = part.slice(eq + 1).trim();
      return /^[A-Za-z0-9_-]{20,100}$/.test(v) ? v : null;
    }
  }
  return null;
}

/** The session of a request's cookie, or null (none, unknown, expired, or its user disabled). */
export async function readSession(db: Queryable, req: IncomingMessage): Promise<Session | null> {
  const token = sessionToken(req);
  if (!token) return null;
  const tokenHash = sha256(token);
  const row = await one<UserRow & { csrf: string }>(
    db,
    `SELECT u.name, u.role, u.department, u.scope, u.disabled, s.csrf FROM sessions s JOIN users u ON u.name = s.user_name
     WHERE s.token_hash = $1 AND s.expires_at > now()`,
    [tokenHash],
  );
  if (!row || row.disabled) return null;
  return { user: principalOf(row), csrf: row.csrf, tokenHash };
}

export async function endSession(db: Queryable, tokenHash: string): Promise<void> {
  await db.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]);
}

export function sessionCookie(token: string, secure: boolean): string {
  return `${COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${SESSION_HOURS * 3600}${secure ? '; Secure' : ''}`;
}

export function clearedCookie(secure: boolean): string {
  return `${COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${secure ? '; Secure' : ''}`;
}

/** Whether a write carries its session's CSRF token. */
export function csrfOk(req: IncomingMessage, csrf: string): boolean {
  const sent = req.headers['x-csrf-token'];
  if (typeof sent !== 'string') return false;
  const a = Buffer.from(sent),
    b = Buffer.from(csrf);
  return a.length === b.length && timingSafeEqual(a, b);
}
