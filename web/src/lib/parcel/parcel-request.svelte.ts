/**
 * One of the panel's requests about a parcel (its zoning answer, its permits and certificates): asked when the
 * parcel is known and again whenever it changes, the previous request aborted. Create it while a component
 * initialises (it runs an effect for as long as the component lives).
 */
export class ParcelRequest<T> {
  value = $state.raw<T | null>(null);
  status = $state<'loading' | 'ready' | 'failed'>('loading');

  /**
   * `uat` and `number` read the parcel (null while there is none): pass primitives (`$derived`), so that a new pick of
   * the same parcel does not ask again. `load` answers null when the server has no answer.
   */
  constructor(
    uat: () => number | null,
    number: () => string | null,
    load: (uat: number, number: string, options: { signal: AbortSignal }) => Promise<T | null>,
  ) {
    $effect(() => {
      const askedUat = uat();
      const askedNumber = number();
      if (askedUat === null || askedNumber === null) return;
      const controller = new AbortController();
      this.status = 'loading';
      this.value = null;
      load(askedUat, askedNumber, { signal: controller.signal }).then(
        (v) => {
          this.value = v;
          this.status = v ? 'ready' : 'failed';
        },
        (error: unknown) => {
          if (!(error instanceof DOMException && error.name === 'AbortError')) this.status = 'failed';
        },
      );
      return () => controller.abort();
    });
  }
}
