import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { SETTINGS, Settings, hintKey } from '../../src/ui/controls/Settings';
import { EN } from '../../src/i18n/en';
import { ZH_CN } from '../../src/i18n/zh-CN';
import { AppProvider } from '../../src/ui/context';
import { createAppStore } from '../../src/ui/store';
import { Engine } from '../../src/ui/engine/engine';
import { kafkaDefaults, rocketmqDefaults } from '../../src/sim/scenario/defaults';

describe('settings hints', () => {
  it('every setting in the panel has a one-line hint in English and Chinese that names its default', () => {
    for (const spec of SETTINGS) {
      const key = hintKey(spec);
      expect(EN[key], key).toMatch(/Default /);
      expect(ZH_CN[key], key).toMatch(/默认/);
      expect(EN[key]).not.toContain('\n');
    }
  });

  it("each system setting's hint states the real default of the default release", () => {
    const k = kafkaDefaults('4.x') as unknown as Record<string, unknown>;
    const r = rocketmqDefaults('4.x', false) as unknown as Record<string, unknown>;
    for (const spec of SETTINGS.filter((s) => s.block === 'kafka' || s.block === 'rocketmq')) {
      const value = String((spec.block === 'kafka' ? k : r)[spec.field]);
      expect(EN[hintKey(spec)], spec.field).toContain(`Default ${value}`);
    }
  });

  it('the panel ties every control to its hint with aria-describedby', () => {
    const store = createAppStore();
    const engine = new Engine(store);
    const html = renderToStaticMarkup(<AppProvider store={store} engine={engine}><Settings /></AppProvider>);
    for (const spec of SETTINGS) {
      const id = `setting-${spec.block}-${spec.field}`;
      expect(html, spec.field).toContain(`aria-describedby="${id}-hint"`);
      expect(html).toContain(`id="${id}-hint"`);
    }
    engine.dispose();
  });
});
