/** Entry: registers the Workbox service worker (app shell offline) and renders the app in the one recording tab. */
import { createRoot } from 'react-dom/client';
import { registerSW } from 'virtual:pwa-register';
import { App } from './App';
import { holdTheRecordingTab, OpenInAnotherTab } from './one-tab';
import './styles.css';

registerSW({ immediate: true });
// Ask the browser not to evict this origin's storage under pressure (unsent work lives there).
void navigator.storage?.persist?.().catch(() => false);
const root = createRoot(document.getElementById('root')!);
holdTheRecordingTab(
  () => root.render(<App />),
  () => root.render(<OpenInAnotherTab />),
);
