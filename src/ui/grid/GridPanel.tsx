// Grid mode's panel: join progress, the click level, colour-by-grid, the selected grid's statistics
// with a chart by use, and the buildings outside every grid with fly-to.
import { Card, Descriptions, Progress, Segmented, Space, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { GRID_LEVELS } from '../../core/grid/levels';
import { memo } from 'react';
import { useAppState, useAppStore, useDeferredAppState } from '../../state/react/useAppState';
import { actions, type AppState } from '../../state/store';
import { BuildingList } from '../BuildingList';
import { Staged } from '../Staged';
import { UseChart } from '../UseChart';

const area = (m2: number) => `${Math.round(m2).toLocaleString()} m²`;

/** Join progress and outcome: the only part that re-renders while the join runs. */
function JoinStatus() {
  const { t } = useTranslation();
  const join = useAppState((s) => s.join);
  // Shown from the moment the panel opens, so the join's first progress update re-renders, not mounts, it.
  if (join.phase === 'running' || join.phase === 'idle') {
    return (
      <div data-testid="join-progress">
        <Typography.Text>
          {join.phase === 'idle'
            ? t('grid.preparing')
            : t('grid.joining', { done: join.donePoints.toLocaleString(), total: join.totalPoints.toLocaleString() })}
        </Typography.Text>
        <Progress percent={join.totalPoints ? Math.round((100 * join.donePoints) / join.totalPoints) : 0} size="small" />
      </div>
    );
  }
  if (join.phase === 'done') {
    return (
      <Typography.Text type="secondary" data-testid="join-summary">
        {t('grid.joined', { assigned: join.assigned?.toLocaleString(), unassigned: join.unassigned?.toLocaleString(), ms: join.joinMs })}
      </Typography.Text>
    );
  }
  if (join.phase === 'error')
    return (
      <Typography.Text type="danger">
        {t('grid.failed')}: {join.error}
      </Typography.Text>
    );
  return null;
}

/**
 * Grid mode's panel. What the join publishes (its outcome, the lists) and a selection render as
 * transitions, in slices that leave the page responsive; the level and colour controls answer directly.
 */
export function GridPanel({ onFlyToBuilding }: { onFlyToBuilding: (index: number) => void }) {
  return (
    <GridPanelView
      onFlyToBuilding={onFlyToBuilding}
      level={useAppState((s) => s.gridLevel)}
      style={useAppState((s) => s.buildingStyle)}
      joined={useDeferredAppState((s) => s.join.phase === 'done')}
      grid={useDeferredAppState((s) => s.selectedGrid)}
      unassigned={useDeferredAppState((s) => s.unassigned)}
      straddlers={useDeferredAppState((s) => s.straddlers)}
    />
  );
}

interface GridPanelViewProps {
  onFlyToBuilding: (index: number) => void;
  level: AppState['gridLevel'];
  style: AppState['buildingStyle'];
  joined: boolean;
  grid: AppState['selectedGrid'];
  unassigned: AppState['unassigned'];
  straddlers: AppState['straddlers'];
}

const GridPanelView = memo(function GridPanelView({
  onFlyToBuilding,
  level,
  style,
  joined,
  grid,
  unassigned,
  straddlers,
}: GridPanelViewProps) {
  const { t, i18n } = useTranslation();
  const store = useAppStore();
  const zh = i18n.language !== 'en';
  return (
    <Card size="small" className="cim-panel" title={t('grid.title')} data-testid="grid-panel">
      <Space orientation="vertical" size={8} style={{ width: '100%' }}>
        <JoinStatus />
        <Staged>
          <Space>
            <Typography.Text>{t('grid.level')}</Typography.Text>
            <Segmented
              size="small"
              value={level}
              onChange={(v) => actions.setGridLevel(store, v as 1 | 2 | 3)}
              options={([1, 2, 3] as const).map((lv) => ({ label: zh ? GRID_LEVELS[lv].nameZh : `L${lv}`, value: lv }))}
              data-testid="grid-level"
            />
          </Space>
        </Staged>
        <Staged>
          <Space>
            <Switch
              size="small"
              checked={style === 'grid'}
              onChange={(on) => actions.setBuildingStyle(store, on ? 'grid' : 'use')}
              data-testid="colour-by-grid"
            />
            <Typography.Text>{t('grid.colourByGrid')}</Typography.Text>
          </Space>
        </Staged>
        {!grid && <Typography.Text type="secondary">{t('grid.hint')}</Typography.Text>}
        {grid && (
          <div data-testid="grid-stats">
            <Descriptions size="small" column={1} bordered>
              <Descriptions.Item label={t('grid.name')}>{grid.name}</Descriptions.Item>
              <Descriptions.Item label={t('grid.id')}>
                <span data-stat="id">{grid.id}</span> · {zh ? GRID_LEVELS[grid.level as 1 | 2 | 3]?.nameZh : `L${grid.level}`}
              </Descriptions.Item>
              <Descriptions.Item label={t('grid.buildings')}>
                <span data-stat="buildings">{grid.buildings}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('grid.footprint')}>{area(grid.footprintAreaM2)}</Descriptions.Item>
              <Descriptions.Item label={t('grid.floorArea')}>{area(grid.floorAreaM2)}</Descriptions.Item>
            </Descriptions>
            <Typography.Text strong>{t('grid.byUse')}</Typography.Text>
            <UseChart counts={grid.byUse} />
          </div>
        )}
        {joined && (
          <Staged>
            <BuildingList
              title={t('grid.unassigned')}
              items={unassigned}
              label={(b) => b.id}
              onFlyTo={onFlyToBuilding}
              testId="unassigned-list"
            />
          </Staged>
        )}
        {joined && (
          <Staged>
            <BuildingList
              title={t('grid.straddlers')}
              items={straddlers}
              label={(b) => `${b.id} · ${Math.round(b.share * 100)}%`}
              onFlyTo={onFlyToBuilding}
              testId="straddler-list"
            />
          </Staged>
        )}
      </Space>
    </Card>
  );
});
