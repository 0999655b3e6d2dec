import { loadInputs } from './load-inputs.ts';
import { buildCityLayout } from './city-layout.ts';
import { ringArea } from './geometry.ts';
const L = buildCityLayout(loadInputs(), '42');
let n = 0;
for (const d of L.districts) n += 1;
console.log('intravilan rings', L.intravilan.map(p => p.map(r => r.length)), n);
