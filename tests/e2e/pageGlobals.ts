// What the browser tests themselves put on a page's window (beside the app's cimDiagnostics/cimDebug, typed in
// src/app/pageApi.ts): records a page function keeps between polls, and the markers an XSS attempt would set.
import type { CimDiagnostics } from '../../src/app/pageApi';
import type { CameraView } from '../../src/state/urlState';
import type { KeyframeState } from './opsPage';

declare global {
  interface Window {
    /** Set only if a building name's markup ran (it must not). */
    __xss?: number;
    __xss2?: number;
    __loseExt?: WEBGL_lose_context;
    /** The tour's first record after a WebGL context restore. */
    __resumed?: { elapsedMs: number; afterMs: number } | null;
    __first?: CimDiagnostics['tour'] | null;
    __notPlaying?: string[];
    __away?: { elapsedMs: number[]; frames: number[] };
    /** reachEveryKeyframe: the keyframes' cameras and the state first seen at each. */
    __kfs?: CameraView[];
    __reached?: (KeyframeState | null)[];
  }
}
