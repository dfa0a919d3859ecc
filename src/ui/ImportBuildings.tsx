// Opening files of one's own: a button (or a drop on the 3D view, handled by the app) that opens the import dialog,
// and the state of the import; a buildings layer is tiled in a worker and drawn beside the city.
import { Alert, Button, Card, Space, Typography } from 'antd';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReplacedFile, ReplacingRole } from '../core/demo/replaceFiles';
import { useAppState } from '../state/react/useAppState';
import { importErrorText } from './errorText';

/** What the file picker offers: every format the import reads through GDAL (a Shapefile's parts picked together), and 3D models. */
export const IMPORT_FILE_ACCEPT =
  '.zip,.shp,.shx,.dbf,.prj,.cpg,.gpkg,.tab,.map,.id,.dat,.mif,.mid,.dxf,.kml,.csv,.geojson,.json,.fgb' +
  // 3D models and their companions (buffers, materials, textures, a georeferencing sidecar).
  ',.ifc,.gltf,.glb,.bin,.obj,.mtl,.fbx,.dae,.png,.jpg,.jpeg';

export function ImportBuildings({
  onFiles,
  onRemove,
  onRestore,
}: {
  onFiles: (files: File[]) => void;
  onRemove: () => void;
  onRestore: (role: ReplacingRole) => void;
}) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const imported = useAppState((s) => s.imported);
  const replaced = useAppState((s) => s.replaced);
  const lang = useAppState((s) => s.lang);
  return (
    <Card size="small" className="cim-panel" data-testid="import-panel">
      <Space orientation="vertical" size={4} style={{ width: '100%' }}>
        <Button size="small" loading={imported?.phase === 'tiling'} onClick={() => input.current?.click()} data-testid="import-button">
          {t('imports.button')}
        </Button>
        <input
          ref={input}
          type="file"
          accept={IMPORT_FILE_ACCEPT}
          multiple
          style={{ display: 'none' }}
          data-testid="import-input"
          onChange={(e) => {
            const files = [...(e.target.files ?? [])];
            if (files.length) onFiles(files);
            e.target.value = '';
          }}
        />
        {!imported && Object.keys(replaced).length === 0 && <Typography.Text type="secondary">{t('imports.hint')}</Typography.Text>}
        {(Object.entries(replaced) as [ReplacingRole, ReplacedFile][]).map(([role, file]) => (
          <Space key={role} size={4} wrap data-testid="import-replaced" data-role={role}>
            <Typography.Text>
              {t('imports.replaced', { layer: t(`importDialog.roles.${role}`), name: file.name, count: file.features.toLocaleString() })}
            </Typography.Text>
            {file.problems ? <Typography.Text type="warning">{t('imports.problems', { count: file.problems })}</Typography.Text> : null}
            <Button size="small" type="link" onClick={() => onRestore(role)} data-testid="import-restore">
              {t('imports.restore')}
            </Button>
          </Space>
        ))}
        {imported?.phase === 'tiling' && (
          <Typography.Text data-testid="import-status">{t('imports.tiling', { name: imported.name })}</Typography.Text>
        )}
        {imported?.phase === 'done' && (
          <Space size={4} wrap data-testid="import-status">
            <Typography.Text>{t('imports.done', { name: imported.name, count: imported.features?.toLocaleString() })}</Typography.Text>
            {imported.problems ? (
              <Typography.Text type="warning">{t('imports.problems', { count: imported.problems })}</Typography.Text>
            ) : null}
            <Button size="small" type="link" onClick={onRemove}>
              {t('imports.remove')}
            </Button>
          </Space>
        )}
        {imported?.phase === 'error' && (
          <Alert
            type="error"
            showIcon
            data-testid="import-error"
            title={t('imports.failed', { name: imported.name, error: importErrorText(imported, lang) })}
          />
        )}
      </Space>
    </Card>
  );
}
