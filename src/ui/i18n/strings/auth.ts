// Strings of signing in to the server: the log-in dialog and the user badge in the title bar.
import type { Department, Role } from '../../../core/access/roles';

export const authZh = {
  signIn: '登录',
  signOut: '退出登录',
  title: '登录城市信息模型服务器',
  expired: '会话已过期，请重新登录。',
  name: '用户名',
  password: '密码',
  required: '请填写此项',
  failed: '登录失败：{{message}}',
  signOutFailed: '退出登录失败：{{message}}',
  scope: '负责网格：{{grids}}',
  roles: {
    viewer: '查看者',
    planner: '规划人员',
    reviewer: '审查人员',
    'grid-manager': '网格管理员',
    operations: '运维人员',
    admin: '管理员',
  } satisfies Record<Role, string>,
  departments: {
    planning: '规划',
    land: '土地',
    fire: '消防',
    'civil-defence': '人防',
  } satisfies Record<Department, string>,
};

export const authEn: typeof authZh = {
  signIn: 'Sign in',
  signOut: 'Sign out',
  title: 'Sign in to the city server',
  expired: 'Your session has ended; please sign in again.',
  name: 'User name',
  password: 'Password',
  required: 'Required',
  failed: 'Could not sign in: {{message}}',
  signOutFailed: 'Could not sign out: {{message}}',
  scope: 'Grids: {{grids}}',
  roles: {
    viewer: 'Viewer',
    planner: 'Planner',
    reviewer: 'Reviewer',
    'grid-manager': 'Grid manager',
    operations: 'Operations',
    admin: 'Administrator',
  },
  departments: {
    planning: 'Planning',
    land: 'Land',
    fire: 'Fire',
    'civil-defence': 'Civil defence',
  },
};
