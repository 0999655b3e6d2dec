/** Which view an indicator allows and the view the page settles on: pure rules, tested without a browser. */
import type { Derived, Indicator } from './atlas-api.ts';
import type { AtlasUrlState } from './url-state.ts';

/**
 * Counts can be shown as they are (circles), per km², per 1,000 inhabitants, or as a change; a rate (already a ratio)
 * only as it is or as a change. Per-1,000 of a population would be 1,000 everywhere: not offered for population.
 */
export function allowedDerived(indicator: Indicator): Derived[] {
  if (indicator.derived && indicator.derived.length > 0) return [...indicator.derived];
  if (indicator.kind === 'rate') return ['none', 'change', 'change_pct'];
  const perPerson = indicator.unit !== 'locuitori' && !indicator.code.startsWith('population');
  return perPerson
    ? ['none', 'per_km2', 'per_1000', 'change', 'change_pct']
    : ['none', 'per_km2', 'change', 'change_pct'];
}

export const isChange = (derived: Derived) => derived === 'change' || derived === 'change_pct';

/**
 * The hint under a count drawn as circles, naming only the coloured forms the indicator offers (the census has no
 * value per 1,000 inhabitants, the area neither that nor a density).
 */
export function countHintKey(
  modes: readonly Derived[],
): 'derived.countHint' | 'derived.countHintDensity' | 'derived.countHintCircles' {
  if (modes.includes('per_km2') && modes.includes('per_1000')) return 'derived.countHint';
  if (modes.includes('per_km2')) return 'derived.countHintDensity';
  return 'derived.countHintCircles';
}

/** Proportional circles for a count as it is; a choropleth for rates, densities, per-1,000 values and changes. */
export function drawAsCircles(indicator: Indicator, derived: Derived): boolean {
  return derived === 'none' && indicator.kind !== 'rate';
}

/** The indicator shown when the link names none (or an unknown one): the first real national one of the catalogue. */
export function defaultIndicator(list: readonly Indicator[]): Indicator | undefined {
  return list.find((i) => !i.synthetic && i.coverage === 'national' && i.years.length > 0) ?? list[0];
}

/**
 * The indicator code a link names that the catalogue does not hold (the page then shows the default one and says
 * so); null when the link names none, names a known one, or the catalogue is empty.
 */
export function unknownIndicator(state: AtlasUrlState, list: readonly Indicator[]): string | null {
  if (state.indicator === null || list.length === 0) return null;
  return list.some((i) => i.code === state.indicator) ? null : state.indicator;
}

/** Completes and corrects a view against the catalogue: a known indicator, one of its years, an allowed mode. */
export function settle(state: AtlasUrlState, list: readonly Indicator[]): AtlasUrlState {
  const indicator = list.find((i) => i.code === state.indicator) ?? defaultIndicator(list);
  if (!indicator) return state;
  const years = indicator.years;
  const year = state.year !== null && years.includes(state.year) ? state.year : (years[years.length - 1] ?? null);
  let derived = allowedDerived(indicator).includes(state.derived) ? state.derived : 'none';
  let from = state.from;
  if (isChange(derived)) {
    const others = years.filter((y) => y !== year);
    if (others.length === 0) derived = 'none';
    else if (from === null || !others.includes(from)) from = others[0] ?? null;
  }
  if (!isChange(derived)) from = null;
  return { ...state, indicator: indicator.code, year, derived, from };
}

/** Labels under the year slider: every year when there are few; else every k-th year and the last, none crowding it. */
export function yearTicks(years: readonly number[]): number[] {
  if (years.length <= 8) return [...years];
  const step = Math.ceil(years.length / 6);
  const last = years.length - 1;
  return years.filter((_, i) => i === last || (i % step === 0 && last - i >= step / 2 + 1));
}
