// The label fonts, bundled by Vite from @fontsource/noto-sans (SIL OFL 1.1) and served by this app: the map's text
// needs no glyph server and works offline. Two small woff2 files per weight: Latin (â î) and Latin Extended (ă ș ț).
import regularLatin from '@fontsource/noto-sans/files/noto-sans-latin-400-normal.woff2?url';
import regularLatinExt from '@fontsource/noto-sans/files/noto-sans-latin-ext-400-normal.woff2?url';
import semiboldLatin from '@fontsource/noto-sans/files/noto-sans-latin-600-normal.woff2?url';
import semiboldLatinExt from '@fontsource/noto-sans/files/noto-sans-latin-ext-600-normal.woff2?url';
import type { LabelFonts } from './style.ts';

export const LABEL_FONTS: LabelFonts = {
  regular: { latin: regularLatin, latinExt: regularLatinExt },
  semibold: { latin: semiboldLatin, latinExt: semiboldLatinExt },
};
