/** The atlas's entry point, loaded as its own chunk: the citizen map does not download the atlas, nor the other way. */
import { mount } from 'svelte';
import AtlasApp from './AtlasApp.svelte';

export function mountAtlas(target: HTMLElement) {
  return mount(AtlasApp, { target });
}
