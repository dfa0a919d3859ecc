// User accounts in the database: created by `cim user add` and the admin, read at log-in and per session.
import { DEPARTMENTS, principalProblem, type Department, type Principal, type Role } from '../../src/core/access/roles';
import { one, type Queryable } from '../db/db';
import { hashPassword, passwordProblem } from './passwords';

export interface UserRow {
  name: string;
  password_hash: string;
  role: Role;
  department: Department | null;
  scope: string[];
  disabled: boolean;
}

export function principalOf(u: Pick<UserRow, 'name' | 'role' | 'department' | 'scope'>): Principal {
  return { name: u.name, role: u.role, department: u.department, scope: u.scope ?? [] };
}

export interface NewUser {
  name: string;
  password: string;
  role: string;
  department?: string | null;
  scope?: string[];
}

export function userProblem(u: NewUser): string | null {
  if (typeof u.name !== 'string' || !/^[\p{L}\p{N}._-]{2,64}$/u.test(u.name))
    return 'a user name has 2 to 64 letters, digits, ".", "_" or "-"';
  return passwordProblem(u.password) ?? principalProblem(u);
}

export class UserError extends Error {}

/** Adds a user (or, with `replace`, sets an existing user's password, role and scope). */
export async function addUser(db: Queryable, u: NewUser, { replace = false } = {}): Promise<Principal> {
  const problem = userProblem(u);
  if (problem) throw new UserError(problem);
  const department = u.role === 'reviewer' ? (u.department as Department) : null;
  if (department && !DEPARTMENTS.includes(department)) throw new UserError(`unknown department ${department}`);
  const scope = u.role === 'grid-manager' ? [...new Set(u.scope ?? [])] : [];
  const hash = await hashPassword(u.password);
  const rows = await db.query<UserRow>(
    `INSERT INTO users (name, password_hash, role, department, scope) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (name) DO ${replace ? 'UPDATE SET password_hash = $2, role = $3, department = $4, scope = $5, disabled = false' : 'NOTHING'}
     RETURNING name, role, department, scope`,
    [u.name, hash, u.role, department, scope],
  );
  if (!rows.length) throw new UserError(`a user "${u.name}" exists already`);
  return principalOf(rows[0]);
}

export function findUser(db: Queryable, name: string): Promise<UserRow | null> {
  return one<UserRow>(db, 'SELECT name, password_hash, role, department, scope, disabled FROM users WHERE name = $1', [name]);
}
