/**
 * The ROME classifier the transform job applies between silver and gold (see rome-seam.ts): the
 * champion of the model registry — the recommender's ONNX model, whose ROME head is trained on
 * France Travail offers and the ROME referential (packages/recommender, `predictRome`). Read from
 * MLflow when MLFLOW_TRACKING_URI is set, else from the local model directory; no champion (the
 * retrain job has not run yet) means no classifier, and the offers keep `rome.code` null until a
 * later run.
 */
import { loadRegisteredModel, openModelRegistry } from '@jobmarket/model-registry';
import type { Recommender } from '@jobmarket/recommender';
import type { Logger } from '@jobmarket/telemetry';
import type { RomeClassifier, RomeClassifierInput, RomeClassifierPrediction } from './rome-seam.js';

export interface RegistryClassifierOptions {
  trackingUri?: string | undefined;
  dataDir: string;
  modelName: string;
  logger: Logger;
  /** Predictions below this probability are not kept (the offer stays uncoded). */
  minProbability?: number;
}

export interface LoadedRomeClassifier extends RomeClassifier {
  close(): Promise<void>;
}

/** Wraps a loaded model as the seam's classifier; `version` names the registry version. */
export function recommenderClassifier(
  model: Recommender,
  version: string,
  minProbability = 0,
): LoadedRomeClassifier {
  return {
    version,
    async predict(
      offers: readonly RomeClassifierInput[],
    ): Promise<readonly RomeClassifierPrediction[]> {
      const predictions = await model.predictRomeBatch(
        offers.map((o) => ({ title: o.title, description: o.description })),
        1,
      );
      const out: RomeClassifierPrediction[] = [];
      offers.forEach((offer, i) => {
        const best = predictions[i]?.[0];
        if (best && best.probability >= minProbability)
          out.push({ offerId: offer.offerId, romeCode: best.code, score: best.probability });
      });
      return out;
    },
    close: () => model.close(),
  };
}

/** The registry champion as a classifier, or null (none yet, or the registry is unreachable). */
export async function loadRegistryClassifier(
  options: RegistryClassifierOptions,
): Promise<LoadedRomeClassifier | null> {
  const { logger, modelName } = options;
  try {
    const registry = openModelRegistry({
      trackingUri: options.trackingUri,
      dataDir: options.dataDir,
    });
    const champion = await registry.champion(modelName);
    if (!champion) {
      logger.info(
        { model: modelName, registry: `${registry.kind} ${registry.location}` },
        'no champion model yet: offers without a ROME code stay uncoded this run (npm run retrain trains one)',
      );
      return null;
    }
    const model = await loadRegisteredModel(registry, champion);
    logger.info(
      {
        model: modelName,
        version: champion.version,
        registry: `${registry.kind} ${registry.location}`,
      },
      'ROME classifier loaded from the registry champion',
    );
    return recommenderClassifier(
      model,
      `${modelName}/${champion.version}`,
      options.minProbability ?? 0,
    );
  } catch (error) {
    logger.warn(
      { err: error, model: modelName },
      'could not load the ROME classifier: offers without a ROME code stay uncoded this run',
    );
    return null;
  }
}
