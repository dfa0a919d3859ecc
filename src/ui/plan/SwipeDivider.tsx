// The swipe divider over the 3D view: plan version A left of it, B right; drag it (or use the arrow keys).
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppState, useAppStore } from '../../state/react/useAppState';
import { actions } from '../../state/store';

export function SwipeDivider() {
  const { t } = useTranslation();
  const store = useAppStore();
  const compare = useAppState((s) => s.plan.compare);
  const shown = useAppState((s) => s.plan.landUse && s.plan.compare.mode === 'swipe');
  const versions = useAppState((s) => s.manifest?.planVersions) ?? [];
  const left = useAppState((s) => s.plan.version);
  const el = useRef<HTMLDivElement>(null);
  if (!shown) return null;
  const move = (clientX: number) => {
    const box = el.current?.parentElement?.getBoundingClientRect();
    if (!box) return;
    const position = Math.min(0.98, Math.max(0.02, (clientX - box.left) / box.width));
    actions.setPlan(store, { compare: { ...store.getState().plan.compare, position } });
  };
  const name = (id: string) => versions.find((v) => v.id === id)?.nameZh ?? id;
  return (
    <div
      ref={el}
      className="cim-swipe"
      style={{ left: `${compare.position * 100}%` }}
      role="slider"
      aria-label={t('plan.swipe')}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round(compare.position * 100)}
      tabIndex={0}
      data-testid="swipe-divider"
      onPointerDown={(e) => {
        e.currentTarget.setPointerCapture(e.pointerId);
        move(e.clientX);
      }}
      onPointerMove={(e) => {
        if (e.currentTarget.hasPointerCapture(e.pointerId)) move(e.clientX);
      }}
      onKeyDown={(e) => {
        const step = e.key === 'ArrowLeft' ? -0.02 : e.key === 'ArrowRight' ? 0.02 : 0;
        if (step) actions.setPlan(store, { compare: { ...compare, position: Math.min(0.98, Math.max(0.02, compare.position + step)) } });
      }}
    >
      <span className="cim-swipe-label cim-swipe-left">{name(left)}</span>
      <span className="cim-swipe-handle">⇔</span>
      <span className="cim-swipe-label cim-swipe-right">{name(compare.version)}</span>
    </div>
  );
}
