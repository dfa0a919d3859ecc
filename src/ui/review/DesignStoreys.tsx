// The design model the review compared with (an IFC placed on the parcel): its file and each storey's gross floor area,
// with where the figure came from (the file's quantities, or computed from its geometry).
import { Typography } from 'antd';
import { reportLabel as L, type Lang } from '../../core/planning/checklistText';
import type { DesignInput } from '../../core/planning/designCheck';

export function DesignStoreys({ design, lang }: { design: DesignInput; lang: Lang }) {
  return (
    <div data-testid="review-design" data-file={design.file}>
      <Typography.Text strong>{L('design', lang)}</Typography.Text>{' '}
      <Typography.Text type="secondary">
        {design.file}
        {design.buildingId ? ` → ${design.buildingId}` : ''}
      </Typography.Text>
      <table className="cim-metrics">
        <tbody>
          {design.storeyAreas.map((s) => (
            <tr key={s.name} data-storey={s.name} data-gfa={s.gfaM2} data-source={s.source}>
              <th>{s.name}</th>
              <td>{s.elevationM.toFixed(2)} m</td>
              <td>{s.gfaM2.toFixed(1)} m²</td>
              <td>{L(s.source, lang)}</td>
            </tr>
          ))}
          <tr>
            <th>{L('total', lang)}</th>
            <td />
            <td>{design.gfaM2.toFixed(1)} m²</td>
            <td />
          </tr>
        </tbody>
      </table>
    </div>
  );
}
