import type { Catalogue } from '../causes';

/** rocketmq cause and journey sentences (EN + zh-CN); codes start with "rocketmq.". */
export const ROCKETMQ_CAUSES: Catalogue = {};
