// The title bar: product name, loading status, mode switch, underground switch, language switch, and in server mode
// the signed-in user (or Sign in).
import { Alert, Segmented, Space, Spin, Switch, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppState, useAppStore } from '../state/react/useAppState';
import { actions } from '../state/store';
import type { AppMode } from '../state/urlState';
import type { AuthActions } from './auth/authActions';
import { UserBadge } from './auth/UserBadge';
import { featureProblemLine } from './errorText';

const PROBLEMS_SHOWN = 10;

export function TopBar({ auth }: { auth: AuthActions }) {
  const { t } = useTranslation();
  const store = useAppStore();
  const lang = useAppState((s) => s.lang);
  const underground = useAppState((s) => s.underground);
  const load = useAppState((s) => s.load);
  const problems = useAppState((s) => s.problems);
  const ops = useAppState((s) => s.mode === 'ops');
  if (ops) return null; // the wall has no title bar
  return (
    <div className="cim-topbar">
      <Space size="middle" align="center">
        <Typography.Title level={4} style={{ margin: 0, color: '#fff' }}>
          {t('app.title')}
        </Typography.Title>
        <Typography.Text style={{ color: '#cbd5e1' }}>{t('app.subtitle')}</Typography.Text>
        {load.phase === 'loading' && (
          <span data-testid="load-status">
            <Spin size="small" /> <Typography.Text style={{ color: '#fff' }}>{t(`load.${load.step}`)}</Typography.Text>
          </span>
        )}
        {problems.length > 0 && (
          <Tooltip
            title={
              <span style={{ whiteSpace: 'pre-wrap' }} data-testid="load-problems">
                {problems
                  .slice(0, PROBLEMS_SHOWN)
                  .map((p) => featureProblemLine(p, lang))
                  .join('\n')}
                {problems.length > PROBLEMS_SHOWN && `\n${t('errors.moreProblems', { count: problems.length - PROBLEMS_SHOWN })}`}
              </span>
            }
          >
            <Alert type="warning" showIcon title={t('load.problems', { count: problems.length })} style={{ padding: '0 8px' }} />
          </Tooltip>
        )}
      </Space>
      <Space size="middle" align="center">
        <ModeSwitch />
        <Typography.Text style={{ color: '#fff' }}>{t('toolbar.underground')}</Typography.Text>
        <Switch checked={underground} onChange={(on) => actions.setUnderground(store, on)} data-testid="underground-switch" />
        <Segmented
          size="small"
          value={lang}
          onChange={(v) => actions.setLang(store, v as 'zh-CN' | 'en')}
          options={[
            { label: '中文', value: 'zh-CN' },
            { label: 'EN', value: 'en' },
          ]}
          data-testid="language-switch"
        />
        <UserBadge auth={auth} />
      </Space>
    </div>
  );
}

/**
 * Plan / review / grid. It shows the chosen mode at once and changes the mode in the next task, so the
 * click's task only re-renders this switch: the work a mode change sets off (panels, layers, a grid
 * join) runs after the switch has painted.
 */
function ModeSwitch() {
  const { t } = useTranslation();
  const store = useAppStore();
  const mode = useAppState((s) => s.mode);
  const [chosen, setChosen] = useState<AppMode | null>(null);
  return (
    <Segmented
      value={chosen ?? mode}
      onChange={(v) => {
        setChosen(v as AppMode);
        setTimeout(() => {
          actions.setMode(store, v as AppMode);
          setChosen(null);
        }, 0);
      }}
      options={[
        { label: t('mode.plan'), value: 'plan' },
        { label: t('mode.review'), value: 'review' },
        { label: t('mode.grid'), value: 'grid' },
      ]}
      data-testid="mode-switch"
    />
  );
}
