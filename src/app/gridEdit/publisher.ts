// How the grid editor redraws the whole working grid and its join: one redraw at a time, edits made meanwhile drawn
// by the next; at city scale only once edits pause (each edit shows at once in the cells near the camera).
export interface GridPublisher {
  /** Redraws (now, or after the redraw under way, or once edits pause); resolves when drawn. */
  publish(): Promise<void>;
  /** An edit was applied (counts towards the pause). */
  edited(): void;
  /** The redraw under way or waiting, or null. */
  pending(): Promise<void> | null;
}

/** `idleMs`: 0 redraws after each edit; above, once no edit came for that long. */
export function createGridPublisher(draw: () => Promise<void>, idleMs: number, stopped: () => boolean): GridPublisher {
  let publishing: Promise<void> | null = null;
  let again = false;
  let edits = 0;
  async function editsPause(): Promise<void> {
    for (let seen = -1; seen !== edits && !stopped();) {
      seen = edits;
      await new Promise((ok) => setTimeout(ok, idleMs));
    }
  }
  return {
    publish() {
      if (publishing) {
        again = true;
        return publishing;
      }
      publishing = (async () => {
        do {
          if (idleMs > 0) await editsPause();
          // What was asked for until now is in this drawing.
          again = false;
          await draw();
        } while (again && !stopped());
      })().finally(() => (publishing = null));
      return publishing;
    },
    edited: () => void edits++,
    pending: () => publishing,
  };
}
