// Reference coordinates that pin the JS reprojection to PROJ (used by stereo70.test.ts and the import tests).
/**
 * Control points across Romania, computed once by PROJ 9.1.1 (Debian proj-bin):
 *   echo "LAT LON" | cs2cs -f %.4f EPSG:4326 EPSG:3844      # prints northing, easting
 * PROJ picks "Pulkovo 1942(58) to WGS 84 (19)" (EPSG's Romanian transformation, 3 m accuracy). The JS path must agree
 * with it to 1 cm everywhere in the country, not only near the projection's centre.
 */
export const PROJ_CONTROL_POINTS = [
  { place: 'Cluj-Napoca', lat: 46.7712, lon: 23.6236, e: 395015.3558, n: 586651.1257 },
  { place: 'Baia Mare', lat: 47.6567, lon: 23.5681, e: 392565.3724, n: 685149.7773 },
  { place: 'Satu Mare', lat: 47.79, lon: 22.89, e: 342034.9083, n: 701115.8653 },
  { place: 'Timișoara', lat: 45.7489, lon: 21.2087, e: 205238.8933, n: 479134.8902 },
  { place: 'Drobeta-Turnu Severin', lat: 44.63, lon: 22.66, e: 314468.2277, n: 350499.297 },
  { place: 'Giurgiu', lat: 43.9, lon: 25.97, e: 578056.3747, n: 267154.9978 },
  { place: 'Constanța', lat: 44.1598, lon: 28.6348, e: 790822.9574, n: 302089.4079 },
  { place: 'Sulina', lat: 45.2, lon: 29.65, e: 865300.2976, n: 421730.4606 },
  { place: 'north of Suceava', lat: 48.25, lon: 26.67, e: 624153.0835, n: 751465.5459 },
  { place: 'Iași', lat: 47.1585, lon: 27.6014, e: 697337.837, n: 632037.7155 },
  { place: 'Brașov', lat: 45.6427, lon: 25.5887, e: 546004.358, n: 460496.9893 },
  { place: 'București', lat: 44.4268, lon: 26.1025, e: 587904.3249, n: 325824.3903 },
] as const;
