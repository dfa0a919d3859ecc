// Review panel: the parcel's buildings whose floors or height were estimated, or are unknown, with their ids.
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ReviewEstimates } from '../../core/planning/types';

export function ReviewEstimatesNote({ estimates, total }: { estimates: ReviewEstimates; total: number }) {
  const { t } = useTranslation();
  const kinds = (['floorsFromHeight', 'heightFromFloors', 'unmeasured', 'implausible'] as const).filter((k) => estimates[k].length);
  if (!kinds.length) return null;
  return (
    <div data-testid="review-estimates">
      {kinds.map((k) => (
        <div key={k} data-estimates={k}>
          <Typography.Text type={k === 'unmeasured' || k === 'implausible' ? 'danger' : 'warning'}>
            {t(`review.${k}`, {
              n: estimates[k].length,
              total,
              ids: estimates[k].slice(0, 12).join(', ') + (estimates[k].length > 12 ? ` +${estimates[k].length - 12}` : ''),
            })}
          </Typography.Text>
        </div>
      ))}
    </div>
  );
}
