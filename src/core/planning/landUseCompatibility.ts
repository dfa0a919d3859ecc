// Whether a building's actual use fits the planned land use of the ground it stands on.
//
// Rule: compatible when both codes share their first-level class of the 2023 land and sea use
// classification (first two digits: "0701" fits "07"). A planned code may list several classes for mixed
// use ("07/09", "07+09", "07,09"): any of them fits. An empty or unknown actual use cannot be judged and
// counts as compatible. Ancillary uses (a shop under flats) are not recognised: a building's `use` is its
// main use, and a commercial building on residential land is a change of use that needs approval.

function classes(code: string): string[] {
  return String(code)
    .split(/[/+,，、;\s]+/)
    .map((c) => c.trim().slice(0, 2))
    .filter((c) => /^\d\d$/.test(c));
}

export function isUseCompatible(planned: string, actual: string): boolean {
  const a = classes(actual);
  if (a.length === 0) return true;
  const p = classes(planned);
  if (p.length === 0) return true;
  return a.every((c) => p.includes(c));
}
