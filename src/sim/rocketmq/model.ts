import type { SystemModel } from '../core/model';
import { rocketmqNodes } from '../scenario/topology';

// Temporary: the rocketmq model is being built (see its issue). Running it fails loudly.
export const rocketmqModel: SystemModel<null> = {
  system: 'rocketmq',
  nodes: rocketmqNodes,
  init() {
    throw new Error('the rocketmq model is not built yet');
  },
  onMessage() {},
  onRefused() {},
  onTimer() {},
  onNodeDown() {},
  onNodeUp() {},
  produce() {},
  locate: () => ({ status: 'lost', cause: { code: 'core.unknown' } }),
  assignment: () => ({}),
};
