// The layer panel: a switch per layer with its feature count, and the legend of what is visible.
import { Card, Checkbox, Divider, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { GRID_LEVELS } from '../core/grid/levels';
import { landUseClassOf } from '../core/planning/landUseClasses';
import { ROAD_CLASSES } from '../core/planning/roadClasses';
import { PIPELINE_KINDS, PIPELINE_STYLES } from '../core/pipes/cjj61';
import { SENSOR_TYPES } from '../core/sensors/sensorTypes';
import { BUILDING_STYLES, RAMPS, rampCss } from '../core/style/buildingStyles';
import { LAYER_IDS, type LayerId } from '../state/layers';
import { useAppState, useAppStore } from '../state/react/useAppState';
import { actions } from '../state/store';
import { Swatch } from './Swatch';
import { UseChart } from './UseChart';

const countKey: Record<LayerId, string> = {
  buildings: 'buildings',
  gridL1: 'grids',
  gridL2: 'grids',
  gridL3: 'grids',
  roads: 'roads',
  pipelines: 'pipelines',
  sensors: 'sensors',
};

function LegendRow({ rgb, label, lineWidthPx }: { rgb: readonly [number, number, number]; label: string; lineWidthPx?: number }) {
  return (
    <div className="cim-legend-row">
      <Swatch rgb={rgb} lineWidthPx={lineWidthPx} />
      <Typography.Text>{label}</Typography.Text>
    </div>
  );
}

/** The buildings' style picker and legend: its own component, so a join's colours re-render only this. */
function BuildingsLegend() {
  const { t, i18n } = useTranslation();
  const store = useAppStore();
  const byUse = useAppState((s) => s.buildingsByUse);
  const style = useAppState((s) => s.buildingStyle);
  const hasPalette = useAppState((s) => s.buildingPalette !== null);
  const byGrid = style === 'grid' && hasPalette;
  const ramp = style === 'use' || style === 'grid' ? null : RAMPS[style];
  const zh = i18n.language !== 'en';
  const name = (o: { nameZh: string; nameEn: string }) => (zh ? o.nameZh : o.nameEn);
  const useCodes = Object.keys(byUse).sort();
  if (useCodes.length === 0) return null;
  return (
    <section data-testid="buildings-legend">
      <Space size={6} style={{ marginBottom: 4 }}>
        <Typography.Text strong>{t('style.label')}</Typography.Text>
        <Select
          size="small"
          value={style}
          onChange={(v) => actions.setBuildingStyle(store, v)}
          options={BUILDING_STYLES.map((s) => ({
            value: s,
            label: t(`style.${s}`),
            title: s === 'grid' && !hasPalette ? t('style.gridNeedsJoin') : undefined,
          }))}
          popupMatchSelectWidth={false}
          data-testid="building-style"
        />
      </Space>
      {byGrid && (
        <div>
          <Typography.Text type="secondary">{t('legend.byGrid')}</Typography.Text>
        </div>
      )}
      {ramp && (
        <div data-testid="ramp-legend">
          <div className="cim-ramp" style={{ background: rampCss() }} />
          <div className="cim-ramp-labels">
            <Typography.Text>
              ≤ {ramp.min} {ramp.unit}
            </Typography.Text>
            <Typography.Text>
              ≥ {ramp.max} {ramp.unit}
            </Typography.Text>
          </div>
        </div>
      )}
      {!byGrid &&
        !ramp &&
        useCodes.map((code) => <LegendRow key={code} rgb={landUseClassOf(code).rgb} label={`${code} ${name(landUseClassOf(code))}`} />)}
      <UseChart counts={byUse} />
    </section>
  );
}

export function LayerPanel() {
  const { t, i18n } = useTranslation();
  const store = useAppStore();
  const layers = useAppState((s) => s.layers);
  const counts = useAppState((s) => s.counts);
  const zh = i18n.language !== 'en';
  const name = (o: { nameZh: string; nameEn: string }) => (zh ? o.nameZh : o.nameEn);

  return (
    <Card size="small" title={t('layers.title')} className="cim-panel" data-testid="layer-panel">
      <Space orientation="vertical" size={2} style={{ width: '100%' }}>
        {LAYER_IDS.map((id) => (
          <div key={id} data-layer={id}>
            <Checkbox checked={layers[id]} onChange={(e) => actions.toggleLayer(store, id, e.target.checked)}>
              {t(`layers.${id}`)}
              {counts[countKey[id] as keyof typeof counts] !== undefined && !id.startsWith('gridL') && (
                <Typography.Text type="secondary"> ({counts[countKey[id] as keyof typeof counts]?.toLocaleString()})</Typography.Text>
              )}
            </Checkbox>
          </div>
        ))}
      </Space>
      <Divider style={{ margin: '8px 0' }}>{t('legend.title')}</Divider>
      {layers.buildings && <BuildingsLegend />}
      {(layers.gridL1 || layers.gridL2 || layers.gridL3) && (
        <section>
          <Typography.Text strong>{t('legend.grids')}</Typography.Text>
          {([1, 2, 3] as const).map((lv) => (
            <LegendRow key={lv} rgb={GRID_LEVELS[lv].rgb} lineWidthPx={GRID_LEVELS[lv].widthPx} label={name(GRID_LEVELS[lv])} />
          ))}
        </section>
      )}
      {layers.roads && (
        <section>
          <Typography.Text strong>{t('legend.roads')}</Typography.Text>
          {Object.entries(ROAD_CLASSES).map(([key, c]) => (
            <LegendRow key={key} rgb={c.rgb} label={name(c)} />
          ))}
        </section>
      )}
      {layers.pipelines && (
        <section>
          <Typography.Text strong>{t('legend.pipelines')}</Typography.Text>
          {PIPELINE_KINDS.map((k) => (
            <LegendRow key={k} rgb={PIPELINE_STYLES[k].rgb} lineWidthPx={3} label={name(PIPELINE_STYLES[k])} />
          ))}
        </section>
      )}
      {layers.sensors && (
        <section>
          <Typography.Text strong>{t('legend.sensors')}</Typography.Text>
          {Object.entries(SENSOR_TYPES).map(([key, s]) => (
            <LegendRow key={key} rgb={s.rgb} label={name(s)} />
          ))}
        </section>
      )}
    </Card>
  );
}
