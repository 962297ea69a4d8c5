export { uniqueName, waitFor } from './names.js';
export { requireInfrastructure } from './infrastructure.js';
export {
  curatedSample,
  curatedSampleKey,
  scaleCuratedOffers,
  type CuratedSample,
  type CuratedSampleOptions,
  type ScaleOptions,
} from './curated-sample.js';
