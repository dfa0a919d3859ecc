// The 3D models placed in the city: per model its file, the parcel it stands on and the building it replaces, one
// storey shown alone or all, the storeys pulled apart, fly to and remove.
import { Button, Card, Select, Slider, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useAppState, useAppStore } from '../../state/react/useAppState';
import { DEFAULT_MODEL_VIEW } from '../../state/slices/models';
import { actions, type PlacedModel } from '../../state/store';

export interface ModelPanelActions {
  flyTo(id: string): void;
  remove(id: string): void;
}

export function ModelPanel({ actions: act }: { actions: ModelPanelActions }) {
  const { t } = useTranslation();
  const models = useAppState((s) => s.models);
  if (models.length === 0) return null;
  return (
    <Card size="small" className="cim-panel" title={t('models.panelTitle')} data-testid="model-panel">
      <Space orientation="vertical" size={8} style={{ width: '100%' }}>
        {models.map((m) => (
          <ModelRow key={m.id} model={m} act={act} />
        ))}
      </Space>
    </Card>
  );
}

function ModelRow({ model: m, act }: { model: PlacedModel; act: ModelPanelActions }) {
  const { t } = useTranslation();
  const store = useAppStore();
  const view = useAppState((s) => s.modelViews[m.id]) ?? DEFAULT_MODEL_VIEW;
  return (
    <div
      data-testid="model-row"
      data-model={m.id}
      data-storey={view.storey ?? ''}
      data-parcel={m.parcelId ?? ''}
      data-replaces={m.replaces?.id ?? ''}
      data-placement={JSON.stringify(m.placement)}
    >
      <Space size={4} wrap>
        <Typography.Text strong>{m.file}</Typography.Text>
        <Typography.Text type="secondary">
          {m.elements.toLocaleString()} · {m.triangles.toLocaleString()} △
        </Typography.Text>
        <Button size="small" type="link" onClick={() => act.flyTo(m.id)} data-testid="model-fly">
          {t('models.flyTo')}
        </Button>
        <Button size="small" type="link" danger onClick={() => act.remove(m.id)} data-testid="model-remove">
          {t('models.remove')}
        </Button>
      </Space>
      {(m.parcelId || m.replaces) && (
        <div>
          <Typography.Text type="secondary">
            {[m.parcelId && t('models.onParcel', { id: m.parcelId }), m.replaces && t('models.replaces', { id: m.replaces.id })]
              .filter(Boolean)
              .join(' · ')}
          </Typography.Text>
        </div>
      )}
      {m.storeys.length > 0 && (
        <Space size={8} wrap>
          <Select
            size="small"
            style={{ width: 160 }}
            value={view.storey ?? -1}
            data-testid="model-storey"
            options={[{ value: -1, label: t('models.allStoreys') }, ...m.storeys.map((s, i) => ({ value: i, label: s.name }))]}
            onChange={(v: number) => actions.setModelView(store, m.id, { storey: v < 0 ? null : v })}
          />
          <Typography.Text>{t('models.explode')}</Typography.Text>
          <Slider
            style={{ width: 120 }}
            min={0}
            max={20}
            step={1}
            value={view.explodeM}
            data-testid="model-explode"
            onChange={(v: number) => actions.setModelView(store, m.id, { explodeM: v })}
          />
        </Space>
      )}
    </div>
  );
}
