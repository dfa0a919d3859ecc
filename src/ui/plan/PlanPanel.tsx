// Plan mode's panel (规划一张图): the land-use plan and its version, comparison of two versions, the control
// lines, height-limit ceilings, the legend with areas per class, and the 控高 / plan-vs-reality analyses.
import { Card, Checkbox, Divider, Segmented, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { landUseClassOf } from '../../core/planning/landUseClasses';
import { LINE_COLOUR_CSS } from '../../core/planning/sitePlan';
import { LINE_COLOURS } from '../../core/planning/types';
import { useAppState, useAppStore } from '../../state/react/useAppState';
import { storedErrorText } from '../errorText';
import { actions, type PlanCompareMode } from '../../state/store';
import { BuildingList } from '../BuildingList';
import { Swatch } from '../Swatch';

const hectares = (m2: number) => `${(m2 / 10_000).toLocaleString(undefined, { maximumFractionDigits: 1 })} ha`;

function PlanLegend() {
  const { i18n, t } = useTranslation();
  const summary = useAppState((s) => s.plan.summary);
  const version = useAppState((s) => s.plan.version);
  const areas = summary?.areas[version];
  if (!areas) return null;
  const zh = i18n.language !== 'en';
  const total = areas.reduce((sum, a) => sum + a.areaM2, 0);
  return (
    <table className="cim-area-table" data-testid="land-use-areas">
      <thead>
        <tr>
          <th>{t('plan.class')}</th>
          <th>{t('plan.area')}</th>
          <th>%</th>
        </tr>
      </thead>
      <tbody>
        {areas.map((a) => {
          const cls = landUseClassOf(a.code);
          return (
            <tr key={a.code} data-code={a.code}>
              <td>
                <Swatch rgb={cls.rgb} /> {a.code} {zh ? cls.nameZh : cls.nameEn}
              </td>
              <td data-area-m2={Math.round(a.areaM2)}>{hectares(a.areaM2)}</td>
              <td>{((100 * a.areaM2) / total).toFixed(1)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function Analysis({ onFlyTo }: { onFlyTo: (index: number) => void }) {
  const { t } = useTranslation();
  const store = useAppStore();
  const analysis = useAppState((s) => s.plan.analysis);
  const result = useAppState((s) => s.plan.result);
  return (
    <Space orientation="vertical" size={4} style={{ width: '100%' }}>
      <Segmented
        size="small"
        value={analysis}
        onChange={(v) => actions.setPlan(store, { analysis: v as 'none' | 'height' | 'conflicts' })}
        options={[
          { label: t('plan.analysisNone'), value: 'none' },
          { label: t('plan.analysisHeight'), value: 'height' },
          { label: t('plan.analysisConflicts'), value: 'conflicts' },
        ]}
        data-testid="plan-analysis"
      />
      {analysis === 'height' && result && (
        <BuildingList
          title={t('plan.overHeight')}
          items={result.exceedances}
          label={(e) => `${e.id} · ${e.heightM.toFixed(1)} m > ${e.limitM} m (+${e.excessM.toFixed(1)} m)`}
          onFlyTo={onFlyTo}
          testId="height-exceedances"
        />
      )}
      {analysis === 'conflicts' && result && (
        <BuildingList
          title={t('plan.conflicts')}
          items={result.conflicts}
          label={(c) =>
            `${c.id} · ${t('plan.builtAs')} ${c.actualUse} ${landUseClassOf(c.actualUse).nameZh} / ${t('plan.plannedAs')} ${c.plannedUse} ${landUseClassOf(c.plannedUse).nameZh}`
          }
          onFlyTo={onFlyTo}
          testId="use-conflicts"
        />
      )}
    </Space>
  );
}

export function PlanPanel({ onFlyToBuilding }: { onFlyToBuilding: (index: number) => void }) {
  const { t, i18n } = useTranslation();
  const store = useAppStore();
  const plan = useAppState((s) => s.plan);
  const pageLang = useAppState((s) => s.lang);
  const versions = useAppState((s) => s.manifest?.planVersions) ?? [];
  const zh = i18n.language !== 'en';
  const versionOptions = versions.map((v) => ({ value: v.id, label: zh ? v.nameZh : v.nameEn }));
  return (
    <Card size="small" className="cim-panel" title={t('plan.title')} data-testid="plan-panel">
      <Space orientation="vertical" size={6} style={{ width: '100%' }}>
        {plan.phase === 'loading' && <Typography.Text type="secondary">{t('plan.loading')}</Typography.Text>}
        {plan.phase === 'error' && (
          <Typography.Text type="danger">{storedErrorText(plan.error, plan.errorData, pageLang, t)}</Typography.Text>
        )}
        <Checkbox
          checked={plan.landUse}
          onChange={(e) => actions.setPlan(store, { landUse: e.target.checked })}
          data-testid="plan-land-use"
        >
          {t('plan.landUse')}
        </Checkbox>
        {versionOptions.length > 0 && (
          <Select
            size="small"
            style={{ width: '100%' }}
            value={plan.version}
            options={versionOptions}
            onChange={(version) => actions.setPlan(store, { version })}
            data-testid="plan-version"
          />
        )}
        {versionOptions.length > 1 && (
          <Space size={4} wrap>
            <Typography.Text>{t('plan.compare')}</Typography.Text>
            <Segmented
              size="small"
              value={plan.compare.mode}
              onChange={(mode) => actions.setPlan(store, { landUse: true, compare: { ...plan.compare, mode: mode as PlanCompareMode } })}
              options={[
                { label: t('plan.compareOff'), value: 'off' },
                { label: t('plan.swipe'), value: 'swipe' },
                { label: t('plan.split'), value: 'split' },
              ]}
              data-testid="plan-compare"
            />
            {plan.compare.mode !== 'off' && (
              <Select
                size="small"
                value={plan.compare.version}
                options={versionOptions}
                onChange={(version) => actions.setPlan(store, { compare: { ...plan.compare, version } })}
                popupMatchSelectWidth={false}
                data-testid="plan-compare-version"
              />
            )}
          </Space>
        )}
        <Divider style={{ margin: '4px 0' }}>{t('plan.controlLines')}</Divider>
        <div className="cim-line-toggles">
          {LINE_COLOURS.map((c) => (
            <Checkbox
              key={c}
              checked={plan.lines[c]}
              onChange={(e) => actions.setPlan(store, { lines: { ...plan.lines, [c]: e.target.checked } })}
              data-line={c}
            >
              <span className="cim-line-swatch" style={{ borderColor: LINE_COLOUR_CSS[c] }} /> {t(`plan.line.${c}`)}
              {plan.summary && <Typography.Text type="secondary"> ({plan.summary.linesByKind[c] ?? 0})</Typography.Text>}
            </Checkbox>
          ))}
        </div>
        <Checkbox
          checked={plan.heightLimits}
          onChange={(e) => actions.setPlan(store, { heightLimits: e.target.checked })}
          data-testid="plan-height-limits"
        >
          {t('plan.heightLimits')}
          {plan.summary && <Typography.Text type="secondary"> ({plan.summary.zones.length})</Typography.Text>}
        </Checkbox>
        {plan.landUse && <PlanLegend />}
        <Divider style={{ margin: '4px 0' }}>{t('plan.analysis')}</Divider>
        <Analysis onFlyTo={onFlyToBuilding} />
      </Space>
    </Card>
  );
}
