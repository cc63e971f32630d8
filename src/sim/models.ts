import type { SystemModel } from './core/model';
import type { SystemName } from './scenario/topology';
import { kafkaModel } from './kafka/model';
import { rocketmqModel } from './rocketmq/model';

/** The system models, by the name the scenario format uses. */
export function modelFor(system: SystemName): SystemModel<unknown> {
  return (system === 'kafka' ? kafkaModel : rocketmqModel) as SystemModel<unknown>;
}
