/** The UAT shown when the atlas opens: Cluj-Napoca (SIRUTA 54975). The header follows the map afterwards. */
export interface UatRef {
  readonly siruta: string;
  readonly name: string;
}

export const DEFAULT_UAT: UatRef = { siruta: '54975', name: 'Cluj-Napoca' };
