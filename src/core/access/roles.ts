// Who may do what: the one table of roles and permissions, enforced by the server on every request and read by the
// viewer to offer only what the signed-in user may do. Pure: no I/O.

export const ROLES = ['viewer', 'planner', 'reviewer', 'grid-manager', 'operations', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The departments of a 多验合一 review; a reviewer belongs to exactly one. */
export const DEPARTMENTS = ['planning', 'land', 'fire', 'civil-defence'] as const;
export type Department = (typeof DEPARTMENTS)[number];

export interface Principal {
  name: string;
  role: Role;
  /** Reviewers only. */
  department: Department | null;
  /** Grid managers only: the L1 and L2 grid ids they keep (an L1 covers its L2s and L3s). */
  scope: readonly string[];
}

export type Action =
  /** The city's layers, the grid, tours: public in the static deployment too. */
  | 'read-city'
  /** Grid edit history with names, review cases and sign-offs. */
  | 'read-work'
  | 'edit-grid'
  | 'open-review'
  | 'sign-off'
  | 'archive-report'
  | 'edit-tours'
  | 'manage-users'
  | 'read-audit';

const ALLOWED: Record<Action, readonly Role[]> = {
  'read-city': ROLES,
  'read-work': ['viewer', 'planner', 'reviewer', 'grid-manager', 'operations', 'admin'],
  'edit-grid': ['grid-manager', 'admin'],
  'open-review': ['planner', 'reviewer', 'admin'],
  'sign-off': ['reviewer'],
  'archive-report': ['planner', 'reviewer', 'admin'],
  'edit-tours': ['planner', 'operations', 'admin'],
  'manage-users': ['admin'],
  'read-audit': ['admin'],
};

/** Whether `who` may do `action` at all (scopes and departments are checked by the functions below). */
export function may(who: Principal | null, action: Action): boolean {
  if (!who) return action === 'read-city';
  return ALLOWED[action].includes(who.role);
}

/**
 * Whether `who` may edit a grid whose ancestry (its own id, its L2's, its L1's: whichever exist) is `lineage`.
 * An admin may edit any grid; a grid manager those under an id of their scope.
 */
export function mayEditGrid(who: Principal | null, lineage: readonly (string | null | undefined)[]): boolean {
  if (!who || !may(who, 'edit-grid')) return false;
  if (who.role === 'admin') return true;
  return lineage.some((id) => id != null && who.scope.includes(id));
}

/** A review checklist's department (core/planning's CheckItem.department, e.g. 'civilDefence') as a reviewer's department. */
export function departmentOfChecklist(department: string): Department | null {
  const name = department === 'civilDefence' ? 'civil-defence' : department;
  return (DEPARTMENTS as readonly string[]).includes(name) ? (name as Department) : null;
}

/** Whether `who` may sign the items of `department`. */
export function maySignOff(who: Principal | null, department: string): boolean {
  return !!who && may(who, 'sign-off') && who.department === department;
}

/** Checks a role, department and scope given together (`cim user add`, the admin API). Returns the problem or null. */
export function principalProblem(p: { role: string; department?: string | null; scope?: readonly string[] }): string | null {
  if (!(ROLES as readonly string[]).includes(p.role)) return `unknown role "${p.role}" (one of ${ROLES.join(', ')})`;
  if (p.role === 'reviewer') {
    if (!p.department || !(DEPARTMENTS as readonly string[]).includes(p.department))
      return `a reviewer needs a department (one of ${DEPARTMENTS.join(', ')})`;
  } else if (p.department) return `only a reviewer has a department`;
  if (p.role === 'grid-manager') {
    if (!p.scope?.length) return 'a grid manager needs a scope: the L1 or L2 grid ids they keep';
  } else if (p.scope?.length) return 'only a grid manager has a scope';
  return null;
}
