// One layer of the dropped files in the import dialog: its file, format, CRS (editable), feature count, geometry type,
// its fields with sample values, the role it takes and the field mapping for that role. Every value from the file is
// rendered as text (React escapes it): a Chinese or HTML-looking value shows as written.
import { AutoComplete, Descriptions, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { FieldMapping } from '../../core/import/fieldMapping';
import { knownCrs } from '../../core/crs/known';
import { IMPORT_ROLES, ROLE_TARGETS, type ImportRole } from '../../core/import/roles';
import type { LayerSuggestion } from '../../io/gdal/importApi';
import { replacesCityFile } from '../../core/demo/replaceFiles';
import type { ImportPlacement } from './ImportDialog';
import type { FieldDescription, SourceDescription } from '../../io/gdal/readSource';
import { defaultOverlayStyle, OverlayStyleFields, type OverlayStyleChoice } from './OverlayStyleFields';

/** The roles the viewer takes in today; the others are listed as coming. */
export const ROLES_IN_VIEWER: readonly ImportRole[] = IMPORT_ROLES.filter((r) => replacesCityFile(r) || r === 'overlay');

/** Buildings are added beside the city unless the user replaces the city's; an overlay beside it; every other city layer is replaced. */
export function defaultPlacement(role: ImportRole): ImportPlacement {
  return role !== 'buildings' && replacesCityFile(role) ? 'replace' : 'beside';
}

/** CRS codes offered in the CRS box (any other code or WKT can be typed). */
const CRS_CHOICES = ['EPSG:4490', 'EPSG:4326', 'EPSG:3857', 'EPSG:4547', 'EPSG:4513', 'EPSG:2383', 'EPSG:2435', 'GCJ02'];

/** A sample value as one line of text (objects as JSON, null as an empty string). */
export function sampleText(v: unknown): string {
  if (v === null || v === undefined) return '';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

export interface LayerChoice {
  role: ImportRole;
  mapping: FieldMapping;
  /** The CRS box's text: the decided code unless the user typed another. */
  crs: string;
  placement: ImportPlacement;
  /** The overlay role's field and style (a source field); absent: defaultOverlayStyle of the layer's fields. */
  overlay?: OverlayStyleChoice;
}

/** The code the layer's CRS was decided as ('' when undecided: the user must give one). */
export function decidedCrs(layer: LayerSuggestion): string {
  return layer.crs.ok ? (layer.crs.crs?.code ?? '') : '';
}

export function LayerDetails({
  source,
  layer,
  fields,
  choice,
  remembered,
  onChange,
}: {
  source: SourceDescription;
  layer: LayerSuggestion;
  fields: FieldDescription[];
  choice: LayerChoice;
  remembered: boolean;
  onChange: (choice: LayerChoice) => void;
}) {
  const { t } = useTranslation();
  const description = source.layers.find((l) => l.name === layer.layer);
  const crs = layer.crs;
  const typed = choice.crs.trim();
  // A code the user typed replaces the file's decision: shown by its name, approximate datums marked.
  const chosen = typed ? knownCrs(typed) : null;
  const replaced = !!typed && typed !== decidedCrs(layer);
  const shown = replaced ? chosen : crs.ok ? crs.crs : null;
  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }}>
      <Descriptions size="small" column={2} bordered>
        <Descriptions.Item label={t('importDialog.file')}>
          <span data-testid="import-file">{layer.file}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('importDialog.format')}>
          <span data-testid="import-format">
            {source.format}
            {source.encoding ? ` · ${source.encoding.encoding}` : ''}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('importDialog.features')}>
          <span data-testid="import-count">{description?.featureCount.toLocaleString()}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('importDialog.geometry')}>
          <span data-testid="import-geometry">{description?.geometryType}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('importDialog.crs')} span={2}>
          <Space orientation="vertical" size={2} style={{ width: '100%' }}>
            <AutoComplete
              size="small"
              style={{ width: 260 }}
              value={choice.crs}
              options={CRS_CHOICES.map((value) => ({ value, label: `${value} · ${knownCrs(value)?.name ?? ''}` }))}
              placeholder={t('importDialog.crsHint')}
              onChange={(value: string) => onChange({ ...choice, crs: value })}
              data-testid="import-crs"
            />
            {shown && (
              <Typography.Text type="secondary" data-testid="import-crs-name">
                {shown.name}
                {shown.approximate && (
                  <Tag color="orange" style={{ marginLeft: 6 }} data-testid="import-crs-approximate">
                    {t('importDialog.approximate')}
                  </Tag>
                )}
              </Typography.Text>
            )}
            {!replaced && crs.ok && !crs.crs && <Typography.Text type="warning">{t('importDialog.crsUnknown')}</Typography.Text>}
            {!replaced &&
              crs.ok &&
              crs.warnings.map((w, i) => (
                <Typography.Text key={i} type="warning">
                  {w}
                </Typography.Text>
              ))}
            {!replaced && !crs.ok && (
              <Typography.Text type="danger" data-testid="import-crs-error">
                {crs.message}
              </Typography.Text>
            )}
          </Space>
        </Descriptions.Item>
      </Descriptions>
      <Typography.Text strong>{t('importDialog.fields')}</Typography.Text>
      <Table
        size="small"
        data-testid="import-fields"
        pagination={false}
        scroll={{ y: 160 }}
        rowKey="name"
        dataSource={fields}
        columns={[
          {
            title: t('importDialog.fieldName'),
            dataIndex: 'name',
            width: 160,
            render: (name: string) => <span data-field={name}>{name}</span>,
          },
          { title: t('importDialog.fieldType'), dataIndex: 'type', width: 90 },
          {
            title: t('importDialog.samples'),
            dataIndex: 'samples',
            render: (samples: unknown[]) => <span className="cim-import-samples">{samples.map(sampleText).join(' · ')}</span>,
          },
        ]}
      />
      <Space size={8} wrap>
        <Typography.Text strong>{t('importDialog.role')}</Typography.Text>
        <Select
          size="small"
          style={{ width: 200 }}
          value={choice.role}
          data-testid="import-role"
          options={IMPORT_ROLES.map((r) => ({
            value: r,
            disabled: !ROLES_IN_VIEWER.includes(r),
            label: `${t(`importDialog.roles.${r}`)}${ROLES_IN_VIEWER.includes(r) ? '' : t('importDialog.coming')}`,
          }))}
          onChange={(role: ImportRole) => onChange({ ...choice, role })}
        />
        {choice.role === 'buildings' ? (
          <Radio.Group
            size="small"
            value={choice.placement}
            data-testid="import-placement"
            onChange={(e) => onChange({ ...choice, placement: e.target.value as ImportPlacement })}
            options={[
              { value: 'beside', label: t('importDialog.beside') },
              { value: 'replace', label: t('importDialog.replaceBuildings') },
            ]}
          />
        ) : (
          replacesCityFile(choice.role) && (
            <Typography.Text type="secondary" data-testid="import-replaces">
              {t('importDialog.replaces', { layer: t(`importDialog.roles.${choice.role}`) })}
            </Typography.Text>
          )
        )}
      </Space>
      <MappingTable choice={choice} fields={fields} remembered={remembered} onChange={onChange} />
      {choice.role === 'overlay' && (
        <OverlayStyleFields
          fields={fields}
          value={choice.overlay ?? defaultOverlayStyle(fields)}
          onChange={(overlay) => onChange({ ...choice, overlay })}
        />
      )}
    </Space>
  );
}

function MappingTable({
  choice,
  fields,
  remembered,
  onChange,
}: {
  choice: LayerChoice;
  fields: FieldDescription[];
  remembered: boolean;
  onChange: (choice: LayerChoice) => void;
}) {
  const { t } = useTranslation();
  const options = [{ value: '', label: t('importDialog.none') }, ...fields.map((f) => ({ value: f.name, label: f.name }))];
  return (
    <div data-testid="import-mapping">
      <Space size={8}>
        <Typography.Text strong>{t('importDialog.mapping')}</Typography.Text>
        {remembered && (
          <Typography.Text type="secondary" data-testid="import-remembered">
            {t('importDialog.remembered')}
          </Typography.Text>
        )}
      </Space>
      <table className="cim-import-mapping">
        <tbody>
          {ROLE_TARGETS[choice.role].map((target) => (
            <tr key={target.name} data-target={target.name}>
              <td>
                {target.name}
                {target.required && (
                  <Typography.Text type="danger" title={t('importDialog.required')}>
                    {' *'}
                  </Typography.Text>
                )}
              </td>
              <td>
                <Select
                  size="small"
                  style={{ width: 220 }}
                  value={choice.mapping[target.name] ?? ''}
                  options={options}
                  data-testid={`import-map-${target.name}`}
                  onChange={(field: string) => onChange({ ...choice, mapping: { ...choice.mapping, [target.name]: field || null } })}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
