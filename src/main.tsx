/**
 * Entry point: one store, one engine following it, one frame loop, and the app. Preferences are
 * remembered in localStorage; the scenario enters through restoreScenario (in the store).
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createAppStore } from './ui/store';
import { Engine } from './ui/engine/engine';
import { frameBudget, startLoop } from './ui/engine/loop';
import { AppProvider } from './ui/context';
import { App } from './ui/App';
import { followLocation, initialLaunch, keepAddressCurrent, rememberScenario } from './ui/share/boot';
import './ui/styles.css';

function safeStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

const storage = safeStorage();
// The scenario comes from the address (#s=… share link, #lib=<id>), else the last visit, else the default.
const launch = initialLaunch(window.location, storage);
const store = createAppStore({
  storage, navigatorLangs: navigator.languages ?? [navigator.language],
  scenario: launch.scenario, notice: launch.notice, embed: launch.embed,
});
const engine = new Engine(store);
engine.setBudget(frameBudget);
startLoop(store, requestAnimationFrame, cancelAnimationFrame, engine);
rememberScenario(store, storage);
followLocation(store, launch, window);
keepAddressCurrent(store, window);

// For the browser tests and the UI benchmark: read-only handles, no other globals.
(window as unknown as { __brokerscope: unknown }).__brokerscope = { store, engine };

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AppProvider store={store} engine={engine}>
      <App />
    </AppProvider>
  </StrictMode>,
);
