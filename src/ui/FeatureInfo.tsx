// The properties of the clicked feature. Values are rendered as text, so HTML in data is shown, never run.
import { Button, Card, Descriptions, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useAppState, useAppStore } from '../state/react/useAppState';
import { actions } from '../state/store';

function display(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(2);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** A model element's property sets come as one JSON object (`properties`): shown one row per property. */
function expandJson([key, value]: [string, unknown]): [string, unknown][] {
  if (key !== 'properties' || typeof value !== 'string' || !value.startsWith('{')) return [[key, value]];
  try {
    return Object.entries(JSON.parse(value) as Record<string, unknown>);
  } catch {
    return [[key, value]];
  }
}

export function FeatureInfo() {
  const { t } = useTranslation();
  const store = useAppStore();
  const selection = useAppState((s) => s.selection);
  if (!selection) return null;
  const entries = Object.entries(selection.properties ?? {}).flatMap(expandJson);
  return (
    <Card
      size="small"
      className="cim-panel cim-feature-info"
      data-testid="feature-info"
      title={`${t('info.title')} · ${t(`layerNames.${selection.layer}`)}`}
      extra={
        <Button size="small" type="text" onClick={() => actions.select(store, null)}>
          {t('info.close')}
        </Button>
      }
    >
      {entries.length === 0 ? (
        <Typography.Text type="secondary">{t('info.empty')}</Typography.Text>
      ) : (
        <Descriptions size="small" column={1} bordered>
          {entries.map(([key, value]) => (
            <Descriptions.Item key={key} label={key}>
              <span data-prop={key}>{display(value)}</span>
            </Descriptions.Item>
          ))}
        </Descriptions>
      )}
    </Card>
  );
}
