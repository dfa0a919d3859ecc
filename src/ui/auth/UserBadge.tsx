// The title bar's account corner in server mode: a Sign-in button, or who is signed in (name, role, department or
// grid scope) with Sign out. Nothing in the static deployment.
import { Button, Space, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppState, useAppStore } from '../../state/react/useAppState';
import { actions } from '../../state/store';
import type { AuthActions } from './authActions';
import { LoginDialog } from './LoginDialog';

export function UserBadge({ auth }: { auth: AuthActions }) {
  const { t } = useTranslation();
  const store = useAppStore();
  const mode = useAppState((s) => s.session.mode);
  const user = useAppState((s) => s.session.user);
  const [signOutError, setSignOutError] = useState<string | null>(null);
  if (mode !== 'server') return null;
  const signOut = () => {
    setSignOutError(null);
    auth.logout().catch((err: Error) => setSignOutError(err.message));
  };
  return (
    <>
      {user ? (
        <Space size={6} align="center" data-testid="user-badge" data-user={user.name} data-role={user.role}>
          <Typography.Text strong style={{ color: '#fff', whiteSpace: 'nowrap' }} data-testid="user-name">
            {user.name}
          </Typography.Text>
          <Tag color="blue" data-testid="user-role" style={{ marginInlineEnd: 0 }}>
            {t(`auth.roles.${user.role}`)}
            {user.department && ` · ${t(`auth.departments.${user.department}`)}`}
          </Tag>
          {user.scope.length > 0 && (
            <Tooltip title={user.scope.join(', ')}>
              <Typography.Text style={{ color: '#cbd5e1', whiteSpace: 'nowrap' }} data-testid="user-scope">
                {t('auth.scope', { grids: scopeShort(user.scope) })}
              </Typography.Text>
            </Tooltip>
          )}
          <Button size="small" onClick={signOut} data-testid="sign-out">
            {t('auth.signOut')}
          </Button>
          {signOutError && (
            <Typography.Text type="danger" data-testid="sign-out-error">
              {t('auth.signOutFailed', { message: signOutError })}
            </Typography.Text>
          )}
        </Space>
      ) : (
        <Button size="small" type="primary" onClick={() => actions.showLogin(store, true)} data-testid="sign-in">
          {t('auth.signIn')}
        </Button>
      )}
      <LoginDialog auth={auth} />
    </>
  );
}

/** The first few grid ids of a scope (the tooltip has them all). */
function scopeShort(scope: readonly string[]): string {
  return scope.length <= 3 ? scope.join(', ') : `${scope.slice(0, 3).join(', ')} +${scope.length - 3}`;
}
