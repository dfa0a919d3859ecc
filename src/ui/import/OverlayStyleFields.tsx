// The import dialog's controls for the "plain overlay" role: the field the layer is coloured by and how (categories or
// a ramp; numbers default to a ramp, text to categories). The choice names a source field; the app turns it into the
// converted layer's column (app/importOverlay's overlayColumn).
import { Segmented, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { defaultMode, type FieldStyleMode } from '../../core/style/fieldStyle';
import type { FieldDescription } from '../../io/gdal/readSource';

export interface OverlayStyleChoice {
  /** A source field's name; null when the layer has no field (every feature one colour under "no value"). */
  field: string | null;
  mode: FieldStyleMode;
}

const NUMERIC = /^(Integer|Integer64|Real)$/;

/** The first text field (a class or kind reads best as categories), else the first field, in its default mode. */
export function defaultOverlayStyle(fields: readonly FieldDescription[]): OverlayStyleChoice {
  const f = fields.find((x) => !NUMERIC.test(x.type)) ?? fields[0];
  return f ? { field: f.name, mode: defaultMode(f.type) } : { field: null, mode: 'categories' };
}

export function OverlayStyleFields({
  fields,
  value,
  onChange,
}: {
  fields: readonly FieldDescription[];
  value: OverlayStyleChoice;
  onChange: (v: OverlayStyleChoice) => void;
}) {
  const { t } = useTranslation();
  const type = fields.find((f) => f.name === value.field)?.type ?? 'String';
  return (
    <Space orientation="vertical" size={4} style={{ width: '100%' }} data-testid="overlay-style-fields">
      <Typography.Text strong>{t('overlay.field')}</Typography.Text>
      <Select
        size="small"
        style={{ width: '100%' }}
        value={value.field ?? undefined}
        onChange={(field: string) => onChange({ field, mode: defaultMode(fields.find((f) => f.name === field)?.type ?? 'String') })}
        options={fields.map((f) => ({
          value: f.name,
          label: `${f.name} (${NUMERIC.test(f.type) ? t('overlay.numeric') : t('overlay.text')})`,
        }))}
        data-testid="overlay-style-field"
      />
      <Segmented
        size="small"
        value={value.mode}
        onChange={(mode) => onChange({ ...value, mode: mode as FieldStyleMode })}
        options={[
          { label: t('overlay.categories'), value: 'categories' },
          // A ramp needs numbers: offered for numeric fields only.
          { label: t('overlay.ramp'), value: 'ramp', disabled: !NUMERIC.test(type) },
        ]}
        data-testid="overlay-style-mode"
      />
    </Space>
  );
}
