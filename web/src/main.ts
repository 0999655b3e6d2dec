import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { isAtlasPath } from './lib/atlas/atlas-path.ts';

const target = document.getElementById('app');
if (!target) throw new Error('Missing #app element in index.html');

// /atlas and /atlas/uat/{siruta}: the territorial atlas, a separate chunk loaded only there.
if (isAtlasPath(window.location.pathname)) {
  void import('./lib/atlas/mount.ts').then(({ mountAtlas }) => mountAtlas(target));
} else {
  mount(App, { target });
}
