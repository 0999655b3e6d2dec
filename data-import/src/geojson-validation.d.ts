declare module 'geojson-validation' {
  const gjv: {
    isFeature(obj: unknown, trace: true): string[];
    isFeature(obj: unknown, trace?: false): boolean;
    isFeatureCollection(obj: unknown, trace: true): string[];
    isFeatureCollection(obj: unknown, trace?: false): boolean;
    valid(obj: unknown, trace: true): string[];
    valid(obj: unknown, trace?: false): boolean;
  };
  export default gjv;
}
