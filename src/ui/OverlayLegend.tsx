// The legend of an imported overlay: its file and field, a swatch with label and count per class ("other" and "no
// value" in the page's language), the field and style to colour by, a visibility switch and a remove button.
import { Alert, Button, Card, Segmented, Select, Space, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { FieldStyleMode, RampBreaks, StyleClass } from '../core/style/fieldStyle';
import { useAppState, useAppStore } from '../state/react/useAppState';
import { actions } from '../state/store';
import { Swatch } from './Swatch';

function entryLabel(c: StyleClass, t: (key: string) => string): string {
  if (c.kind === 'other') return t('overlay.other');
  if (c.kind === 'none') return t('overlay.none');
  return c.label;
}

export function OverlayLegend({
  onRestyle,
  onRemove,
}: {
  onRestyle: (field: string, mode: FieldStyleMode, breaks?: RampBreaks) => void;
  onRemove: () => void;
}) {
  const { t, i18n } = useTranslation();
  const store = useAppStore();
  const overlay = useAppState((s) => s.overlay);
  if (!overlay) return null;
  const numeric = overlay.fields.find((f) => f.name === overlay.field)?.numeric ?? false;
  const count = (n: number) => n.toLocaleString(i18n.language === 'en' ? 'en' : 'zh-CN');
  return (
    <Card
      size="small"
      className="cim-panel cim-overlay-legend"
      data-testid="overlay-legend"
      title={
        <span data-testid="overlay-legend-title">
          {overlay.name}
          {overlay.field ? ` · ${overlay.field}` : ''}
        </span>
      }
      extra={
        <Space size={6}>
          <Switch
            size="small"
            checked={overlay.visible}
            onChange={(on) => actions.setOverlayVisible(store, on)}
            aria-label={t('overlay.visible')}
            data-testid="overlay-visible"
          />
          <Button size="small" type="text" onClick={onRemove} data-testid="overlay-remove">
            {t('overlay.remove')}
          </Button>
        </Space>
      }
    >
      {overlay.phase === 'loading' && <Typography.Text type="secondary">{t('overlay.loading', { name: overlay.name })}</Typography.Text>}
      {overlay.phase === 'error' && <Alert type="error" showIcon title={t('overlay.failed', { error: overlay.error ?? '' })} />}
      {overlay.phase === 'ready' && (
        <Space orientation="vertical" size={4} style={{ width: '100%' }}>
          <Space size={6} wrap>
            <Select
              size="small"
              style={{ minWidth: 120 }}
              value={overlay.field}
              onChange={(field: string) => {
                const isNumber = overlay.fields.find((f) => f.name === field)?.numeric ?? false;
                onRestyle(field, isNumber ? 'ramp' : 'categories');
              }}
              options={overlay.fields.map((f) => ({ value: f.name, label: f.name }))}
              data-testid="overlay-field"
            />
            <Segmented
              size="small"
              value={overlay.mode}
              onChange={(mode) => onRestyle(overlay.field, mode as FieldStyleMode)}
              options={[
                { label: t('overlay.categories'), value: 'categories' },
                { label: t('overlay.ramp'), value: 'ramp', disabled: !numeric },
              ]}
              data-testid="overlay-mode"
            />
            {overlay.mode === 'ramp' && (
              <Segmented
                size="small"
                value={overlay.breaks}
                onChange={(breaks) => onRestyle(overlay.field, 'ramp', breaks as RampBreaks)}
                options={[
                  { label: t('overlay.quantile'), value: 'quantile' },
                  { label: t('overlay.equal'), value: 'equal' },
                ]}
                data-testid="overlay-breaks"
              />
            )}
          </Space>
          <div data-testid="overlay-legend-entries">
            {overlay.legend.map((c, i) => (
              <div className="cim-legend-row" key={i} data-testid="overlay-legend-entry" data-kind={c.kind} data-count={c.count}>
                <Swatch rgb={[c.rgba[0], c.rgba[1], c.rgba[2]]} />
                <Typography.Text>{entryLabel(c, t)}</Typography.Text>
                <Typography.Text type="secondary" style={{ marginLeft: 'auto' }}>
                  {count(c.count)}
                </Typography.Text>
              </div>
            ))}
          </div>
          <Typography.Text type="secondary">
            {t('overlay.features', { count: overlay.count })}
            {overlay.skipped > 0 ? ` · ${t('overlay.skipped', { count: overlay.skipped })}` : ''}
          </Typography.Text>
        </Space>
      )}
    </Card>
  );
}
