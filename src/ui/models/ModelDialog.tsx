// The 3D model dialog: the dropped model (IFC, glTF, OBJ, FBX, Collada, with its companion files) is read in the tiles
// worker; the user sees what it holds (format, units and where they came from, elements, triangles, storeys, the
// file's georeferencing), places it (as the file says, or by a point in the city's CRS picked on the map, a rotation and
// a scale, its footprint drawn live), and adds it: tiled with progress and a Cancel. Errors name the file.
import { Alert, Button, Checkbox, InputNumber, Modal, Progress, Radio, Select, Space, Spin, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ModelPlacement, ModelSummary } from '../../core/models/model';

export interface ModelActions {
  /** Reads the model among `files`; `metresPerUnit` overrides (or supplies) the file's unit. */
  open(files: File[], metresPerUnit: number | null): Promise<ModelSummary>;
  /** The file's own placement when it has one, else the view's centre on the ground in the city's CRS. */
  initialPlacement(summary: ModelSummary, byFile: boolean): ModelPlacement;
  /** Draws the model's footprint at `placement` in the view; null clears it. */
  preview(job: number, placement: ModelPlacement | null): void;
  /** The next click on the map, in the city's CRS with the ground's height; null when the user pressed Escape. */
  pickPoint(): Promise<{ crs: string; x: number; y: number; heightM: number } | null>;
  /** Tiles the model at `placement` and adds it to the city; rejects with an AbortError when cancelled. */
  place(job: number, placement: ModelPlacement, replaceBuilding: boolean, onProgress: (done: number, total: number) => void): Promise<void>;
  cancel(job: number): void;
  close(job: number): void;
}

const UNITS: { value: number; label: string }[] = [
  { value: 1, label: 'm' },
  { value: 0.01, label: 'cm' },
  { value: 0.001, label: 'mm' },
  { value: 0.3048, label: 'ft' },
  { value: 0.0254, label: 'in' },
];

type Phase =
  | { kind: 'reading' }
  | { kind: 'ready' }
  | { kind: 'tiling'; done: number; total: number }
  | { kind: 'picking' }
  | { kind: 'error'; message: string };

export function ModelDialog({ files, actions, onClose }: { files: File[] | null; actions: ModelActions; onClose: () => void }) {
  const { t } = useTranslation();
  const [phase, setPhase] = useState<Phase>({ kind: 'reading' });
  const [summary, setSummary] = useState<ModelSummary | null>(null);
  const [unit, setUnit] = useState<number | null>(null);
  const [byFile, setByFile] = useState(true);
  const [placement, setPlacement] = useState<ModelPlacement | null>(null);
  const [replace, setReplace] = useState(false);
  const jobRef = useRef<number | null>(null);

  useEffect(() => {
    if (!files) return;
    let live = true;
    setPhase({ kind: 'reading' });
    setSummary(null);
    actions.open(files, unit).then(
      (s) => {
        if (!live) return actions.close(s.job);
        jobRef.current = s.job;
        setSummary(s);
        const fromFile = s.georef !== null;
        setByFile(fromFile);
        setPlacement(actions.initialPlacement(s, fromFile));
        setPhase({ kind: 'ready' });
      },
      (err: Error) => live && setPhase({ kind: 'error', message: err.message }),
    );
    return () => {
      live = false;
      if (jobRef.current !== null) {
        actions.preview(jobRef.current, null);
        actions.close(jobRef.current);
      }
      jobRef.current = null;
    };
  }, [files, actions, unit]);

  // The footprint follows every change of the placement.
  useEffect(() => {
    if (summary && placement) actions.preview(summary.job, placement);
  }, [summary, placement, actions]);

  const set = (patch: Partial<ModelPlacement>) => placement && setPlacement({ ...placement, ...patch });
  const busy = phase.kind === 'tiling' || phase.kind === 'picking';
  const canAdd = !!summary && !!placement && (phase.kind === 'ready' || (phase.kind === 'error' && summary !== null));

  const add = () => {
    if (!summary || !placement) return;
    setPhase({ kind: 'tiling', done: 0, total: 0 });
    actions
      .place(summary.job, placement, replace, (done, total) => setPhase({ kind: 'tiling', done, total }))
      .then(onClose, (err: Error) => setPhase(err.name === 'AbortError' ? { kind: 'ready' } : { kind: 'error', message: err.message }));
  };
  const pick = () => {
    setPhase({ kind: 'picking' });
    actions.pickPoint().then(
      (p) => {
        if (p && placement) {
          setByFile(false);
          setPlacement({ ...placement, ...p });
        }
        setPhase({ kind: 'ready' });
      },
      (err: Error) => setPhase({ kind: 'error', message: err.message }),
    );
  };
  const cancel = () => {
    if (phase.kind === 'tiling' && summary) return actions.cancel(summary.job);
    onClose();
  };

  return (
    <Modal
      open={files !== null}
      title={t('models.title')}
      width={640}
      onCancel={cancel}
      maskClosable={false}
      destroyOnHidden
      // Picking a point needs the 3D view: the dialog steps aside meanwhile.
      style={phase.kind === 'picking' ? { opacity: 0.2, pointerEvents: 'none' } : undefined}
      mask={phase.kind !== 'picking'}
      footer={
        <Space>
          <Button onClick={cancel} data-testid="model-dialog-cancel">
            {t('models.cancel')}
          </Button>
          <Button type="primary" disabled={!canAdd} onClick={add} data-testid="model-dialog-ok">
            {t('models.add')}
          </Button>
        </Space>
      }
    >
      <div data-testid="model-dialog" data-phase={phase.kind}>
        {phase.kind === 'reading' && (
          <Space>
            <Spin size="small" />
            <Typography.Text>{t('models.reading', { name: files?.map((f) => f.name).join(', ') })}</Typography.Text>
          </Space>
        )}
        <Space style={{ marginBottom: 8 }}>
          <Typography.Text strong>{t('models.units')}</Typography.Text>
          <Select
            size="small"
            style={{ width: 160 }}
            value={unit ?? 0}
            disabled={busy}
            data-testid="model-unit"
            options={[{ value: 0, label: t('models.unitFromFile') }, ...UNITS]}
            onChange={(v: number) => setUnit(v === 0 ? null : v)}
          />
          {summary && <Typography.Text type="secondary">{summary.units.source}</Typography.Text>}
        </Space>
        {summary && <ModelFacts summary={summary} />}
        {summary && placement && (
          <Space orientation="vertical" size={6} style={{ width: '100%', marginTop: 8 }}>
            {summary.georef && (
              <Radio.Group
                value={byFile}
                disabled={busy}
                onChange={(e) => {
                  setByFile(e.target.value);
                  setPlacement(actions.initialPlacement(summary, e.target.value));
                }}
                data-testid="model-place-by"
              >
                <Radio value={true}>{t('models.placeByFile')}</Radio>
                <Radio value={false}>{t('models.placeByHand')}</Radio>
              </Radio.Group>
            )}
            <Space wrap>
              <Field label={t('models.x')} value={placement.x} disabled={busy || byFile} onChange={(x) => set({ x })} testid="model-x" />
              <Field label={t('models.y')} value={placement.y} disabled={busy || byFile} onChange={(y) => set({ y })} testid="model-y" />
              <Field
                label={t('models.height')}
                value={placement.heightM}
                disabled={busy || byFile}
                onChange={(heightM) => set({ heightM })}
                testid="model-height"
              />
              <Button size="small" disabled={busy} onClick={pick} data-testid="model-pick">
                {phase.kind === 'picking' ? t('models.picking') : t('models.pickOnMap')}
              </Button>
            </Space>
            <Space wrap>
              <Field
                label={t('models.rotation')}
                value={placement.rotationDeg}
                disabled={busy || byFile}
                onChange={(rotationDeg) => set({ rotationDeg })}
                testid="model-rotation"
              />
              <Field
                label={t('models.scale')}
                value={placement.scale}
                disabled={busy || byFile}
                onChange={(scale) => scale > 0 && set({ scale })}
                testid="model-scale"
              />
            </Space>
            <Checkbox checked={replace} disabled={busy} onChange={(e) => setReplace(e.target.checked)} data-testid="model-replace">
              {t('models.replaceBuilding')}
            </Checkbox>
          </Space>
        )}
        {phase.kind === 'tiling' && (
          <div data-testid="model-progress">
            <Typography.Text>{t('models.tiling', { done: phase.done, total: phase.total || '…' })}</Typography.Text>
            <Progress percent={phase.total ? Math.round((100 * phase.done) / phase.total) : 0} size="small" status="active" />
          </div>
        )}
        {phase.kind === 'error' && (
          <Alert type="error" showIcon data-testid="model-dialog-error" title={t('models.failed', { error: phase.message })} />
        )}
      </div>
    </Modal>
  );
}

function ModelFacts({ summary }: { summary: ModelSummary }) {
  const { t } = useTranslation();
  const g = summary.georef;
  return (
    <div
      data-testid="model-facts"
      data-elements={summary.elements}
      data-triangles={summary.triangles}
      data-storeys={summary.storeys.length}
    >
      <Typography.Text>
        {t('models.format')}: {summary.format.toUpperCase()} · {t('models.elements')}: {summary.elements.toLocaleString()} ·{' '}
        {t('models.triangles')}: {summary.triangles.toLocaleString()}
        {summary.storeys.length > 0 && ` · ${t('models.storeys')}: ${summary.storeys.map((s) => s.name).join(', ')}`}
      </Typography.Text>
      {g && (
        <div>
          <Typography.Text type="secondary">
            {t('models.georef')}: {g.crs} E {g.eastingM.toFixed(2)} N {g.northingM.toFixed(2)} H {g.heightM.toFixed(2)} ·{' '}
            {g.rotationDeg.toFixed(2)}° · {g.source}
          </Typography.Text>
        </div>
      )}
      {summary.warnings.length > 0 && (
        <Alert
          type="warning"
          data-testid="model-warnings"
          title={`${t('models.warnings')}: ${summary.warnings.slice(0, 5).join('; ')}${summary.warnings.length > 5 ? ` … +${summary.warnings.length - 5}` : ''}`}
        />
      )}
    </div>
  );
}

function Field(props: { label: string; value: number; disabled: boolean; onChange: (v: number) => void; testid: string }) {
  return (
    <Space size={4}>
      <Typography.Text>{props.label}</Typography.Text>
      <InputNumber
        size="small"
        style={{ width: 140 }}
        value={props.value}
        disabled={props.disabled}
        data-testid={props.testid}
        onChange={(v) => typeof v === 'number' && Number.isFinite(v) && props.onChange(v)}
      />
    </Space>
  );
}
