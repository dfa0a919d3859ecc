// A paged list of buildings (or anything with an index) with a fly-to button each.
import { Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

const PAGE = 8;

/**
 * A paged list of buildings with a fly-to button each. Plain elements, one page rendered: it appears
 * when a join finishes, and mounting antd's List and Pagination there cost the page a frame.
 */
export function BuildingList<T extends { index: number }>(props: {
  title: string;
  items: T[];
  label: (b: T) => string;
  onFlyTo: (index: number) => void;
  testId: string;
}) {
  const { t } = useTranslation();
  const [page, setPage] = useState(0);
  const pages = Math.max(1, Math.ceil(props.items.length / PAGE));
  const current = Math.min(page, pages - 1);
  const rows = props.items.slice(current * PAGE, current * PAGE + PAGE);
  return (
    <div className="cim-list" data-testid={props.testId}>
      <div className="cim-list-head">
        <Typography.Text strong>
          {props.title} ({props.items.length})
        </Typography.Text>
        {props.items.length === 0 && <Typography.Text type="secondary"> {t('grid.none')}</Typography.Text>}
        {pages > 1 && (
          <span className="cim-list-pager">
            <button type="button" disabled={current === 0} onClick={() => setPage(current - 1)} aria-label={t('list.previous')}>
              ‹
            </button>
            {current + 1}/{pages}
            <button type="button" disabled={current >= pages - 1} onClick={() => setPage(current + 1)} aria-label={t('list.next')}>
              ›
            </button>
          </span>
        )}
      </div>
      {rows.length > 0 && (
        <ol className="cim-list-rows" start={current * PAGE + 1}>
          {rows.map((b) => (
            <li key={b.index} className="cim-list-item">
              <span>{props.label(b)}</span>
              <button type="button" className="cim-link" onClick={() => props.onFlyTo(b.index)}>
                {t('grid.flyTo')}
              </button>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
