// One keyframe of the tour being authored: its place, flight and hold times, easing, captions, preview and delete.
import { Button, Input, InputNumber, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TourEasing, TourKeyframe } from '../../core/tour/types';

const EASINGS: TourEasing[] = ['easeInOut', 'easeIn', 'easeOut', 'linear'];

export function KeyframeRow({
  kf,
  k,
  n,
  edit,
  move,
  remove,
  preview,
}: {
  kf: TourKeyframe;
  k: number;
  n: number;
  edit: (patch: Partial<TourKeyframe>) => void;
  move: (by: -1 | 1) => void;
  remove: () => void;
  preview: () => void;
}) {
  const { t } = useTranslation();
  return (
    <li className="cim-tour-kf" data-keyframe={k}>
      <div className="cim-review-row">
        <Typography.Text strong>#{k + 1}</Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 11 }}>
          {kf.camera.lonDeg.toFixed(4)}, {kf.camera.latDeg.toFixed(4)}, {Math.round(kf.camera.heightM)} m,{' '}
          {Math.round(kf.camera.headingDeg)}°
        </Typography.Text>
        <Space size={0}>
          <Button size="small" type="link" onClick={preview} data-action="preview">
            {t('tour.preview')}
          </Button>
          <Button size="small" type="text" disabled={k === 0} onClick={() => move(-1)} aria-label={t('tour.up')} data-action="up">
            ↑
          </Button>
          <Button size="small" type="text" disabled={k === n - 1} onClick={() => move(1)} aria-label={t('tour.down')} data-action="down">
            ↓
          </Button>
          <Button size="small" type="text" danger onClick={remove} aria-label={t('tour.remove')} data-action="remove">
            ✕
          </Button>
        </Space>
      </div>
      <Space size={4} wrap>
        <span>{t('tour.duration')}</span>
        <InputNumber
          size="small"
          min={0}
          max={3600}
          step={1}
          value={kf.durationS}
          onChange={(v) => edit({ durationS: Number(v ?? 0) })}
          style={{ width: 64 }}
          data-field="durationS"
        />
        <span>{t('tour.hold')}</span>
        <InputNumber
          size="small"
          min={0}
          max={3600}
          step={1}
          value={kf.holdS}
          onChange={(v) => edit({ holdS: Number(v ?? 0) })}
          style={{ width: 64 }}
          data-field="holdS"
        />
        <Select
          size="small"
          value={kf.easing}
          onChange={(v) => edit({ easing: v })}
          options={EASINGS.map((e) => ({ value: e, label: e }))}
          style={{ width: 100 }}
          aria-label={t('tour.easing')}
        />
      </Space>
      <Input
        size="small"
        placeholder={t('tour.captionZh')}
        value={kf.caption?.zh ?? ''}
        maxLength={200}
        data-field="captionZh"
        onChange={(e) => edit({ caption: e.target.value || kf.caption?.en ? { zh: e.target.value, en: kf.caption?.en ?? '' } : undefined })}
      />
      <Input
        size="small"
        placeholder={t('tour.captionEn')}
        value={kf.caption?.en ?? ''}
        maxLength={200}
        data-field="captionEn"
        onChange={(e) => edit({ caption: e.target.value || kf.caption?.zh ? { zh: kf.caption?.zh ?? '', en: e.target.value } : undefined })}
      />
    </li>
  );
}
