// The checklist's departments as reviewers' departments: every manual item has exactly one department that may sign it.
import { describe, expect, it } from 'vitest';
import { MANUAL_ITEMS } from '../planning/reviewParcel';
import { DEPARTMENTS as CHECKLIST_DEPARTMENTS } from '../planning/types';
import { DEPARTMENTS, departmentOfChecklist, maySignOff, type Principal } from './roles';

const reviewer = (department: Principal['department']): Principal => ({ name: 'r', role: 'reviewer', department, scope: [] });

describe('departmentOfChecklist', () => {
  it('maps every checklist department to a reviewer department, and nothing else', () => {
    expect(CHECKLIST_DEPARTMENTS.map(departmentOfChecklist)).toEqual(['planning', 'land', 'fire', 'civil-defence']);
    expect(departmentOfChecklist('police')).toBeNull();
  });

  it('lets each manual item be signed by the reviewers of its own department only', () => {
    for (const item of MANUAL_ITEMS) {
      const signers = DEPARTMENTS.filter((d) => maySignOff(reviewer(d), departmentOfChecklist(item.department)!));
      expect(signers).toEqual([departmentOfChecklist(item.department)]);
    }
    expect(maySignOff({ name: 'a', role: 'admin', department: null, scope: [] }, 'land')).toBe(false);
  });
});
