// An IFC design model's values (design.ts, in the model frame) as the parcel review takes them (planning/designCheck):
// lengths times the placement's scale, areas times its square, storeys counted from the ground up (basements below
// the ground storey are not storeys above ground). The CLI (`cim review --design`) and the viewer both use this.
import type { DesignInput } from '../planning/designCheck';
import type { DesignValues } from './design';

export function designInputOf(design: DesignValues, file: string, scale = 1, buildingId?: string): DesignInput {
  const area = scale * scale;
  const above = design.storeys.filter((s) => s.elevationM >= design.groundM - 1e-6);
  return {
    file,
    ...(buildingId !== undefined && { buildingId }),
    heightM: design.heightM * scale,
    storeys: above.length,
    gfaM2: design.gfaM2 * area,
    footprintM2: design.footprintM2 * area,
    storeyAreas: design.storeys.map((s) => ({
      name: s.name,
      elevationM: (s.elevationM - design.groundM) * scale,
      gfaM2: s.gfaM2 * area,
      source: s.source,
    })),
  };
}
