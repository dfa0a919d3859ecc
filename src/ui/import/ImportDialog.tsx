// The import dialog: the files the user dropped or picked (several at once: a Shapefile's parts, a zip, a GeoPackage…)
// are inspected by GDAL in the import worker; per layer the user checks the CRS, the fields and samples, picks a role
// and the field mapping, then imports it with progress and a Cancel. Errors name the file.
import { Alert, Button, Modal, Progress, Select, Space, Spin, Typography } from 'antd';
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { missingRequired, suggestMapping } from '../../core/import/fieldMapping';
import type { ImportRole } from '../../core/import/roles';
import type { ConvertRequest, InspectResult } from '../../io/gdal/importApi';
import { decidedCrs, defaultPlacement, LayerDetails, ROLES_IN_VIEWER, type LayerChoice } from './LayerDetails';
import { defaultOverlayStyle, type OverlayStyleChoice } from './OverlayStyleFields';
import { rememberedMapping, rememberMapping } from './rememberedMapping';

/** Where an imported layer goes: beside the city's own (buildings, an overlay), or in place of the city's layer of its role. */
export type ImportPlacement = 'beside' | 'replace';

/** How the layer joins the city: its placement, and for an overlay the field and style it is coloured by. */
export interface ImportInto {
  placement: ImportPlacement;
  overlay?: OverlayStyleChoice;
}

export interface ImportActions {
  inspect(files: File[]): Promise<InspectResult>;
  /** Converts a layer and takes it into the city in its role; rejects with an AbortError when cancelled. */
  importLayer(jobId: number, request: ConvertRequest, into: ImportInto, onProgress: (done: number, total: number) => void): Promise<void>;
  /** Draws again, in a reopened city, the buildings added beside it. */
  restoreBeside(): Promise<void>;
  cancel(jobId: number): void;
  /** Frees the files of an inspected job in the worker. */
  close(jobId: number): void;
}

type Phase =
  | { kind: 'inspecting' }
  | { kind: 'ready' }
  | { kind: 'converting'; progress: ProgressFeed; startedAtMs: number; cancelling?: boolean }
  | { kind: 'error'; message: string };

const storage = (): Storage | null => (typeof localStorage === 'undefined' ? null : localStorage);

export function ImportDialog({ files, actions, onClose }: { files: File[] | null; actions: ImportActions; onClose: () => void }) {
  const { t } = useTranslation();
  const [phase, setPhase] = useState<Phase>({ kind: 'inspecting' });
  const [inspected, setInspected] = useState<InspectResult | null>(null);
  const [layerIndex, setLayerIndex] = useState(0);
  const [choice, setChoice] = useState<LayerChoice | null>(null);
  const [remembered, setRemembered] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const jobRef = useRef<number | null>(null);

  const layer = inspected?.layers[layerIndex] ?? null;
  const source = layer ? inspected!.sources.find((s) => s.file === layer.file) : undefined;
  const fields = (layer && source?.layers.find((l) => l.name === layer.layer)?.fields) || [];

  /** The mapping for `role` on the current layer: the remembered one, else the suggestion. */
  const mappingFor = (index: number, role: ImportRole, result: InspectResult) => {
    const l = result.layers[index];
    const f = result.sources.find((s) => s.file === l.file)?.layers.find((x) => x.name === l.layer)?.fields ?? [];
    const store = storage();
    const saved = store && rememberedMapping(store, role, l.signature, f);
    setRemembered(!!saved);
    return saved ?? (role === l.role ? l.mapping : suggestMapping(role, f));
  };
  const choose = (index: number, result: InspectResult) => {
    const l = result.layers[index];
    const role = ROLES_IN_VIEWER.includes(l.role) ? l.role : 'buildings';
    setLayerIndex(index);
    setChoice({ role, mapping: mappingFor(index, role, result), crs: decidedCrs(l), placement: defaultPlacement(role) });
  };

  useEffect(() => {
    if (!files) return;
    let live = true;
    setPhase({ kind: 'inspecting' });
    setInspected(null);
    setNote(null);
    actions.inspect(files).then(
      (result) => {
        if (!live) return actions.close(result.jobId);
        jobRef.current = result.jobId;
        setInspected(result);
        if (result.layers.length === 0) setPhase({ kind: 'error', message: `${files.map((f) => f.name).join(', ')}: no layer` });
        else {
          choose(0, result);
          setPhase({ kind: 'ready' });
        }
      },
      (err: Error) => live && setPhase({ kind: 'error', message: err.message }),
    );
    return () => {
      live = false;
      if (jobRef.current !== null) actions.close(jobRef.current);
      jobRef.current = null;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- inspected once per set of files
  }, [files, actions]);

  const missing = choice ? missingRequired(choice.role, choice.mapping).filter((x) => x !== 'id') : [];
  const canImport =
    (phase.kind === 'ready' || (phase.kind === 'error' && inspected !== null)) &&
    !!choice &&
    !!layer &&
    ROLES_IN_VIEWER.includes(choice.role) &&
    missing.length === 0;

  const start = () => {
    if (!canImport || !inspected || !layer || !choice) return;
    const request: ConvertRequest = {
      file: layer.file,
      layer: layer.layer,
      role: choice.role,
      mapping: choice.mapping,
      ...(choice.crs.trim() && choice.crs.trim() !== decidedCrs(layer) ? { crs: choice.crs.trim() } : {}),
    };
    const store = storage();
    if (store) rememberMapping(store, choice.role, layer.signature, choice.mapping);
    setNote(null);
    const into: ImportInto = {
      placement: choice.placement,
      ...(choice.role === 'overlay' && { overlay: choice.overlay ?? defaultOverlayStyle(fields) }),
    };
    const startedAtMs = performance.now();
    const progress = progressFeed();
    setPhase({ kind: 'converting', progress, startedAtMs });
    actions.importLayer(inspected.jobId, request, into, progress.set).then(onClose, (err: Error) => {
      if (err.name === 'AbortError') {
        setNote(t('importDialog.cancelled'));
        setPhase({ kind: 'ready' });
      } else setPhase({ kind: 'error', message: err.message });
    });
  };
  const cancel = () => {
    if (phase.kind !== 'converting' || !inspected) return onClose();
    // GDAL's whole-layer read cannot be interrupted: the Cancel takes effect when it returns.
    setPhase({ ...phase, cancelling: true });
    actions.cancel(inspected.jobId);
  };

  return (
    <Modal
      open={files !== null}
      title={t('importDialog.title')}
      width={780}
      onCancel={cancel}
      maskClosable={false}
      destroyOnHidden
      footer={
        <Space>
          <Button onClick={cancel} data-testid="import-dialog-cancel">
            {t('importDialog.cancel')}
          </Button>
          <Button type="primary" disabled={!canImport} onClick={start} data-testid="import-dialog-ok">
            {t('importDialog.ok')}
          </Button>
        </Space>
      }
    >
      <div data-testid="import-dialog" data-phase={phase.kind}>
        {phase.kind === 'inspecting' && (
          <Space>
            <Spin size="small" />
            <Typography.Text>{t('importDialog.inspecting', { names: files?.map((f) => f.name).join(', ') })}</Typography.Text>
          </Space>
        )}
        {inspected && inspected.layers.length > 1 && (
          <Space style={{ marginBottom: 8 }}>
            <Typography.Text strong>{t('importDialog.layer')}</Typography.Text>
            <Select
              size="small"
              style={{ width: 420 }}
              value={layerIndex}
              data-testid="import-layer"
              disabled={phase.kind === 'converting'}
              options={inspected.layers.map((l, i) => ({ value: i, label: l.file.endsWith(l.layer) ? l.file : `${l.file} · ${l.layer}` }))}
              onChange={(i: number) => choose(i, inspected)}
            />
          </Space>
        )}
        {layer && source && choice && (
          <LayerDetails
            source={source}
            layer={layer}
            fields={fields}
            choice={choice}
            remembered={remembered}
            onChange={(next) =>
              setChoice(
                next.role === choice.role
                  ? next
                  : { ...next, mapping: mappingFor(layerIndex, next.role, inspected!), placement: defaultPlacement(next.role) },
              )
            }
          />
        )}
        {choice && !ROLES_IN_VIEWER.includes(choice.role) && <Alert type="info" title={t('importDialog.roleComing')} />}
        {phase.kind === 'ready' && missing.length > 0 && (
          <Alert type="warning" data-testid="import-missing" title={t('importDialog.missing', { targets: missing.join(', ') })} />
        )}
        {phase.kind === 'converting' && <ConvertProgress phase={phase} file={layer?.file ?? ''} />}
        {note && <Typography.Text type="secondary">{note}</Typography.Text>}
        {phase.kind === 'error' && (
          <Alert type="error" showIcon data-testid="import-dialog-error" title={t('importDialog.failed', { error: phase.message })} />
        )}
      </div>
    </Modal>
  );
}

/**
 * One conversion's progress, written by the worker's reports and read by the progress line alone: a million-feature
 * layer reports a hundred pages, and re-rendering the whole dialog for each took up to 650 ms of the page's thread.
 */
interface ProgressFeed {
  get(): { done: number; total: number };
  set(done: number, total: number): void;
  subscribe(listener: () => void): () => void;
}

function progressFeed(): ProgressFeed {
  let value = { done: 0, total: 0 };
  const listeners = new Set<() => void>();
  return {
    get: () => value,
    set: (done, total) => {
      value = { done, total };
      for (const l of listeners) l();
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** The conversion's progress: GDAL's read (no count inside it: elapsed seconds and a moving bar), then features, then tiling. */
function ConvertProgress({ phase, file }: { phase: Extract<Phase, { kind: 'converting' }>; file: string }) {
  const { t } = useTranslation();
  const { done, total } = useSyncExternalStore(phase.progress.subscribe, phase.progress.get);
  const [nowMs, setNowMs] = useState(() => performance.now());
  const reading = done === 0;
  useEffect(() => {
    if (!reading) return;
    const timer = setInterval(() => setNowMs(performance.now()), 1000);
    return () => clearInterval(timer);
  }, [reading]);
  const text = phase.cancelling
    ? t('importDialog.cancelling')
    : total > 0 && done >= total
      ? t('importDialog.tiling')
      : reading
        ? t('importDialog.reading', {
            name: file,
            total: total.toLocaleString(),
            seconds: Math.max(0, Math.round((nowMs - phase.startedAtMs) / 1000)),
          })
        : t('importDialog.converting', { name: file, done: done.toLocaleString(), total: total.toLocaleString() });
  return (
    <div data-testid="import-progress" data-done={done} data-total={total}>
      <Typography.Text>{text}</Typography.Text>
      <Progress
        percent={total > 0 ? Math.round((100 * done) / total) : 0}
        status={reading || phase.cancelling ? 'active' : 'normal'}
        size="small"
      />
    </div>
  );
}
