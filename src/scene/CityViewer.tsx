// The Cesium viewer as a React component (resium); hands the created Viewer to the app once.
import type { Viewer as CesiumViewer } from 'cesium';
import { useEffect, useMemo } from 'react';
import { useCesium, Viewer } from 'resium';
import type { RenderPreset } from '../state/urlState';
import { applyRenderPreset, viewerOptions } from './viewerSetup';

export interface CityViewerProps {
  preset: RenderPreset;
  onViewer: (viewer: CesiumViewer) => void | (() => void);
}

// Rendered inside <Viewer>: resium mounts children only once the Cesium viewer exists.
function OnViewer({ preset, onViewer }: CityViewerProps) {
  const { viewer } = useCesium();
  useEffect(() => {
    if (!viewer) return;
    applyRenderPreset(viewer, preset);
    return onViewer(viewer) ?? undefined;
  }, [viewer, preset, onViewer]);
  return null;
}

export function CityViewer({ preset, onViewer }: CityViewerProps) {
  // Constructor options are read once; the preset comes from the URL and does not change in a session.
  const options = useMemo(() => viewerOptions(preset), [preset]);
  return (
    <Viewer full {...options}>
      <OnViewer preset={preset} onViewer={onViewer} />
    </Viewer>
  );
}
