/** Whether a path belongs to the atlas. No imports: main.ts reads it before deciding which app to load. */
export const ATLAS_PATH = '/atlas';

export function isAtlasPath(pathname: string): boolean {
  return pathname === ATLAS_PATH || pathname.startsWith(`${ATLAS_PATH}/`);
}
