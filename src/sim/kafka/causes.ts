import type { Catalogue } from '../causes';

/** kafka cause and journey sentences (EN + zh-CN); codes start with "kafka.". */
export const KAFKA_CAUSES: Catalogue = {};
