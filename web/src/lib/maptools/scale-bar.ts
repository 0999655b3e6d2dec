/** A printed scale bar: a round distance (1, 2 or 5 × 10ⁿ metres) at most `maxFraction` of the image's width. */
export function scaleBar(
  metresPerPixel: number,
  widthPx: number,
  maxFraction = 0.25,
): { metres: number; fraction: number; label: string } | null {
  if (!(metresPerPixel > 0) || !(widthPx > 0)) return null;
  const maxMetres = metresPerPixel * widthPx * maxFraction;
  const power = 10 ** Math.floor(Math.log10(maxMetres));
  const metres = [5, 2, 1].map((f) => f * power).find((m) => m <= maxMetres) ?? power;
  const label = metres >= 1000 ? `${metres / 1000} km` : `${metres} m`;
  return { metres, fraction: metres / (metresPerPixel * widthPx), label };
}
