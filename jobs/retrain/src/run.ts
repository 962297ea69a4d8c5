/**
 * One retrain run (see docs/recommendations.md):
 *
 *   1. count what arrived: `offers.ingested` and `interactions` events since the last run
 *      (consumer group `retrain`, committed once counted);
 *   2. drain `warehouse.refreshed`; in its handler (so offsets are committed only once the work is
 *      durable) decide whether to train: no champion yet, `--force`, or at least
 *      `minNewOffers` new offers with a source ROME code since the last trained version;
 *   3. read the training offers and the ROME referential from the warehouse (under its lock);
 *   4. freeze the evaluation window if the registry has none; the challenger trains on every
 *      offer outside it; same fingerprint as a registered version ⇒ no new version;
 *   5. train (progress: epochs, loss, ETA), load the ONNX artifact as the subgraph would, compare
 *      it with the champion on the frozen window (compareModels: paired bootstrap per task);
 *   6. log params, the whole evaluation table, losses and artifacts to the tracking run, register
 *      a version, move the champion alias only if the challenger wins, publish models.published.
 */
import { randomBytes } from 'node:crypto';
import {
  TAGS,
  loadRegisteredModel,
  type EvaluationWindow,
  type ModelRegistry,
  type RegisteredVersion,
  type TrackingRun,
} from '@jobmarket/model-registry';
import { TOPICS, type EventBus, type ModelPublished } from '@jobmarket/events';
import {
  compareModels,
  evaluateRecommendations,
  loadModel,
  loadRomeReferential,
  train,
  DEFAULT_CONFIG,
  type ModelComparison,
  type ModelConfig,
  type RecommendationEvaluation,
  type Recommender,
  type RomeReferential,
  type TrainingProgress,
} from '@jobmarket/recommender';
import type { Logger } from '@jobmarket/telemetry';
import { openWarehouse, withWarehouseLockFor } from '@jobmarket/warehouse';
import {
  buildDataset,
  chooseEvaluationWindow,
  trainingFingerprint,
  trainerVersion,
} from './dataset.js';
import {
  comparisonMetrics,
  evaluationTable,
  headlineMetrics,
  round,
  trainingMetricsTable,
} from './report.js';
import {
  offerView,
  readReferential,
  readTrainingOffers,
  type TrainingOffer,
} from './warehouse-data.js';

export interface RetrainOptions {
  readonly bus: EventBus;
  /** WAREHOUSE_URL (unset = the embedded DuckDB file). */
  readonly warehouseUrl: string | undefined;
  readonly registry: ModelRegistry;
  readonly modelName: string;
  readonly logger: Logger;
  readonly seed?: number;
  /** Overrides of the model configuration (tests use small ones). */
  readonly config?: Partial<ModelConfig>;
  /** New offers with a source ROME code since the last trained version that trigger training. */
  readonly minNewOffers?: number;
  /** Train even without a refresh event or enough new offers (still no new version for the same fingerprint). */
  readonly force?: boolean;
  /** Share of the dated offers the evaluation window takes when it is first frozen (default 0.3). */
  readonly evaluationFraction?: number;
  readonly resamples?: number;
  readonly groupId?: string;
  /** A shared data directory holding rome/ (CSV files), instead of the referential in the warehouse. */
  readonly romeReferentialDir?: string;
  /** The backend the challenger and champion are evaluated with (default onnx: what is served). */
  readonly backend?: 'onnx' | 'reference';
  readonly runId?: string;
}

export type RetrainStatus = 'trained' | 'unchanged' | 'skipped' | 'failed';

export interface RetrainSummary {
  job: 'retrain';
  runId: string;
  status: RetrainStatus;
  reason: string;
  registry: { kind: string; location: string };
  events: {
    warehouseRefreshed: number;
    offersIngested: number;
    offersIngestedBySource: Record<string, number>;
    interactions: { total: number; LIKE: number; DISLIKE: number; HIDE: number };
  };
  data: {
    offers: number;
    withRomeCode: number;
    training: number;
    evaluationWindow: (Pick<EvaluationWindow, 'from' | 'to'> & { offers: number }) | null;
    newOffersSinceLastTraining: number | null;
    fingerprint: string | null;
  } | null;
  model: {
    name: string;
    version: string;
    runId: string | null;
    artifactUri: string;
    trainedAt: string | null;
    trainingSeconds: number | null;
    onnxBytes: number | null;
  } | null;
  evaluation: Record<string, number> | null;
  comparison: {
    champion: string | null;
    meanDeltaNdcg10: number | null;
    challengerWins: boolean | null;
    tasks: Record<
      string,
      { champion: number; challenger: number; delta: number; ci: [number, number] }
    >;
    note?: string;
  } | null;
  /** Why the version was (not) promoted. */
  decision: string | null;
  promoted: boolean;
  champion: string | null;
  published: boolean;
  peakRssMiB: number;
  durationMs: number;
  error?: string;
}

export function newRetrainRunId(now = new Date()): string {
  return `${now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}-${randomBytes(3).toString('hex')}`;
}

/** Query-weighted mean NDCG@10 over the tasks, of the model and of BM25. */
function weightedNdcg(evaluation: RecommendationEvaluation): { model: number; bm25: number } {
  let model = 0;
  let bm25 = 0;
  let queries = 0;
  for (const result of Object.values(evaluation.tasks)) {
    model += (result.methods.model?.['ndcg@10']?.mean ?? 0) * result.queries;
    bm25 += (result.methods.bm25?.['ndcg@10']?.mean ?? 0) * result.queries;
    queries += result.queries;
  }
  return queries > 0 ? { model: model / queries, bm25: bm25 / queries } : { model: 0, bm25: 0 };
}

const windowKey = (window: EvaluationWindow) => `${window.from}/${window.to}`;

function peakRssMiB(): number {
  return round(process.resourceUsage().maxRSS / 1024, 1);
}

export async function runRetrain(options: RetrainOptions): Promise<RetrainSummary> {
  const started = Date.now();
  const runId = options.runId ?? newRetrainRunId();
  const logger = options.logger.child({ runId });
  const { bus, registry, modelName } = options;
  const groupId = options.groupId ?? 'retrain';
  const seed = options.seed ?? 42;
  const config = options.config ?? {};
  const minNewOffers = options.minNewOffers ?? 100;
  const fraction = options.evaluationFraction ?? 0.3;
  const resamples = options.resamples ?? 1000;
  const backend = options.backend ?? 'onnx';
  const summary: RetrainSummary = {
    job: 'retrain',
    runId,
    status: 'skipped',
    reason: '',
    registry: { kind: registry.kind, location: registry.location },
    events: {
      warehouseRefreshed: 0,
      offersIngested: 0,
      offersIngestedBySource: {},
      interactions: { total: 0, LIKE: 0, DISLIKE: 0, HIDE: 0 },
    },
    data: null,
    model: null,
    evaluation: null,
    comparison: null,
    decision: null,
    promoted: false,
    champion: null,
    published: false,
    peakRssMiB: 0,
    durationMs: 0,
  };

  /** Promotes (when decided and not done yet) and publishes (when not done yet) a version. */
  const settle = async (record: RegisteredVersion): Promise<void> => {
    let champion = await registry.champion(modelName);
    if (
      record.tags[TAGS.decision] === 'promote' &&
      champion?.version !== record.version &&
      (!champion || Number(champion.version) < Number(record.version))
    ) {
      await registry.setChampion(modelName, record.version);
      logger.info(
        { version: record.version, previous: champion?.version ?? null },
        'champion alias moved',
      );
      champion = record;
      summary.promoted = true;
    }
    const isChampion = champion?.version === record.version;
    summary.champion = champion?.version ?? null;
    if (record.tags[TAGS.published] !== 'true') {
      const event: ModelPublished = {
        modelName,
        version: record.version,
        runId: record.runId,
        trainedAt: record.trainedAt ?? new Date(0).toISOString(),
        artifactUri: record.artifactUri,
        format: 'onnx',
        metrics: record.metrics,
        champion: isChampion,
      };
      const producer = bus.producer();
      try {
        await producer.send(TOPICS.modelsPublished, [{ key: modelName, value: event }]);
      } finally {
        await producer.disconnect();
      }
      await registry.setVersionTags(modelName, record.version, { [TAGS.published]: 'true' });
      summary.published = true;
      logger.info({ version: record.version, champion: isChampion }, 'models.published sent');
    }
  };

  const readWarehouse = () =>
    withWarehouseLockFor(
      options.warehouseUrl,
      async () => {
        const db = await openWarehouse({ url: options.warehouseUrl, lock: false, migrate: false });
        try {
          let offers: TrainingOffer[];
          try {
            offers = await readTrainingOffers(db);
          } catch (error) {
            throw new Error(
              `cannot read silver.silver_offers from the warehouse (has \`npm run transform\` run?): ${(error as Error).message}`,
              { cause: error },
            );
          }
          const referential: RomeReferential = options.romeReferentialDir
            ? loadRomeReferential(options.romeReferentialDir)
            : await readReferential(db);
          if (options.romeReferentialDir && referential.appellations.length === 0) {
            throw new Error(
              `no ROME referential under ${options.romeReferentialDir}/rome (RETRAIN_ROME_DATA_DIR names the directory holding rome/)`,
            );
          }
          if (referential.appellations.length === 0) {
            logger.warn(
              'the warehouse holds no ROME referential (bronze.raw_referentials): the model learns job titles from the offers alone',
            );
          }
          return { offers, referential };
        } finally {
          await db.close();
        }
      },
      { purpose: `retrain ${runId} (reading training offers)`, logger },
    );

  const work = async (refreshed: number) => {
    const versions = await registry.versions(modelName);
    const latest = versions[0] ?? null;
    const champion =
      versions.find((v) => v.aliases.includes('champion')) ?? (await registry.champion(modelName));
    summary.champion = champion?.version ?? null;
    if (!options.force && champion && refreshed === 0) {
      summary.status = 'skipped';
      summary.reason = `no warehouse.refreshed event since the last run; version ${champion.version} is the champion`;
      return;
    }

    const { offers, referential } = await readWarehouse();
    const labelled = offers.filter((o) => o.romeCode !== null);
    logger.info(
      {
        offers: offers.length,
        withRomeCode: labelled.length,
        referential: {
          codes: referential.codes.size,
          appellations: referential.appellations.length,
        },
      },
      'training data read from the warehouse',
    );
    let window = await registry.evaluationWindow(modelName);
    if (!window) {
      window = await registry.freezeEvaluationWindow(
        modelName,
        chooseEvaluationWindow(labelled, fraction),
      );
      logger.info(window, 'evaluation window frozen');
    }
    const dataset = buildDataset(labelled, window, offerView);
    const trainingViews = dataset.training.map(offerView);
    const fingerprint = trainingFingerprint({
      offers: trainingViews,
      referential,
      window,
      seed,
      config,
    });
    const watermark = labelled.reduce<string | null>(
      (max, o) => (o.firstSeenAt && (!max || o.firstSeenAt > max) ? o.firstSeenAt : max),
      null,
    );
    const lastWatermark = latest?.tags[TAGS.watermark];
    const fresh = latest
      ? labelled.filter((o) => o.firstSeenAt && (!lastWatermark || o.firstSeenAt > lastWatermark))
          .length
      : null;
    summary.data = {
      offers: offers.length,
      withRomeCode: labelled.length,
      training: dataset.training.length,
      evaluationWindow: { from: window.from, to: window.to, offers: dataset.window.length },
      newOffersSinceLastTraining: fresh,
      fingerprint,
    };

    const same = versions.find((v) => v.fingerprint === fingerprint);
    if (same) {
      summary.status = 'unchanged';
      summary.reason = `version ${same.version} was trained on the same data, seed and trainer (fingerprint ${fingerprint.slice(0, 12)}); no new version`;
      summary.model = {
        name: modelName,
        version: same.version,
        runId: same.runId,
        artifactUri: same.artifactUri,
        trainedAt: same.trainedAt,
        trainingSeconds: null,
        onnxBytes: null,
      };
      await settle(same);
      return;
    }
    if (!options.force && champion && fresh !== null && fresh < minNewOffers) {
      summary.status = 'skipped';
      summary.reason = `${fresh} new offers with a ROME code since version ${latest?.version} (threshold ${minNewOffers})`;
      return;
    }

    const run = await registry.startRun({
      modelName,
      runName: `retrain-${runId}`,
      tags: { [TAGS.jobRunId]: runId, [TAGS.fingerprint]: fingerprint },
    });
    try {
      await trainEvaluateRegister(run, {
        dataset,
        trainingViews,
        referential,
        window,
        fingerprint,
        watermark,
        champion,
        refreshed,
      });
      await run.end('FINISHED');
    } catch (error) {
      await run.end('FAILED').catch(() => undefined);
      throw error;
    }
  };

  const trainEvaluateRegister = async (
    run: TrackingRun,
    input: {
      dataset: ReturnType<typeof buildDataset>;
      trainingViews: ReturnType<typeof offerView>[];
      referential: RomeReferential;
      window: EvaluationWindow;
      fingerprint: string;
      watermark: string | null;
      champion: RegisteredVersion | null;
      refreshed: number;
    },
  ) => {
    const { dataset, trainingViews, referential, window, fingerprint, champion } = input;
    const effective: ModelConfig = { ...DEFAULT_CONFIG, ...config };
    await run.logParams({
      model_name: modelName,
      seed,
      trainer: trainerVersion(),
      fingerprint,
      ...Object.fromEntries(
        Object.entries(effective).map(([k, v]) => [
          `config.${k}`,
          typeof v === 'object' ? JSON.stringify(v) : v,
        ]),
      ),
      'data.training_offers': dataset.training.length,
      'data.window_offers': dataset.window.length,
      'data.evaluation_candidates': dataset.evaluation.length,
      'data.window_from': window.from,
      'data.window_to': window.to,
      'data.window_frozen_at': window.frozenAt,
      'data.referential_sources': referential.sources.join(', ') || 'none',
      'data.referential_appellations': referential.appellations.length,
      'retrain.min_new_offers': minNewOffers,
      'retrain.force': options.force ?? false,
      'retrain.resamples': resamples,
      'events.warehouse_refreshed': input.refreshed,
      'events.offers_ingested': summary.events.offersIngested,
      'events.interactions': summary.events.interactions.total,
      champion: champion?.version ?? 'none',
    });

    // Training, with progress and loss curves.
    const losses: Array<{ key: string; step: number; value: number }> = [];
    let lastLog = 0;
    const onProgress = (p: TrainingProgress) => {
      if (p.loss !== undefined && p.epoch !== undefined) {
        losses.push({
          key: p.stage === 'encoder' ? `loss.encoder.${p.part ?? 'final'}` : `loss.ranker`,
          step: p.epoch,
          value: p.loss,
        });
      }
      const eta = p.etaSeconds !== undefined ? `, ETA ${Math.ceil(p.etaSeconds)} s` : '';
      const line = {
        stage: p.stage,
        ...(p.part ? { part: p.part } : {}),
        ...(p.epoch !== undefined ? { epoch: p.epoch, epochs: p.epochs } : {}),
        ...(p.loss !== undefined ? { loss: round(p.loss, 5) } : {}),
        ...(p.etaSeconds !== undefined ? { etaSeconds: Math.ceil(p.etaSeconds) } : {}),
        elapsedSeconds: round(p.elapsedSeconds, 1),
      };
      // Newton iterations come fast: every one at debug, at most one a second at info.
      if (p.stage === 'ranker' && p.part === 'fit' && Date.now() - lastLog < 1000)
        logger.debug(line, p.message);
      else {
        lastLog = Date.now();
        logger.info(line, `training: ${p.message}${eta}`);
      }
    };
    logger.info(
      { training: trainingViews.length, window: dataset.window.length, seed },
      `training on ${trainingViews.length} offers (the ${dataset.window.length} of the evaluation window are held out)`,
    );
    const trainedAtDate = trainingViews
      .map((o) => o.createdAt)
      .filter((d): d is string => d !== null)
      .sort()
      .pop();
    const result = await train(trainingViews, {
      seed,
      referential,
      config,
      onProgress,
      modelVersion: `${(trainedAtDate ?? '1970-01-01').slice(0, 10)}-${fingerprint.slice(0, 8)}`,
    });
    const byStep = new Map<number, Record<string, number>>();
    for (const entry of losses) {
      const metrics = byStep.get(entry.step) ?? {};
      metrics[entry.key] = entry.value;
      byStep.set(entry.step, metrics);
    }
    for (const [step, metrics] of byStep) await run.logMetrics(metrics, step);

    // The artifact as the subgraph will load it: checksum, graph, onnxruntime session, probe.
    let challenger: Recommender | null = null;
    let championModel: Recommender | null = null;
    try {
      challenger = await loadModel(result.onnxBytes, result.metadata, { backend });
      let note: string | undefined;
      if (champion) {
        const championWindow = champion.tags[TAGS.evaluationWindow];
        try {
          championModel = await loadRegisteredModel(registry, champion, { backend });
        } catch (error) {
          note = `the champion (version ${champion.version}) cannot be loaded: ${(error as Error).message}`;
          logger.warn({ err: error, version: champion.version }, note);
        }
        if (championModel && championWindow && championWindow !== windowKey(window)) {
          // The window was re-frozen (an operator's decision): the champion may have trained on
          // the new one, so no fair comparison exists; the challenger is the new window's first model.
          note = `the evaluation window changed since the champion (version ${champion.version} held out ${championWindow}): the challenger is the first model of the new window`;
          logger.warn({ version: champion.version }, note);
          await championModel.close().catch(() => undefined);
          championModel = null;
        }
      }
      let evaluation: RecommendationEvaluation;
      let comparison: ModelComparison | null = null;
      const evalOptions = { seed, resamples, trainFraction: dataset.trainFraction };
      if (championModel) {
        logger.info(
          { champion: champion?.version },
          'comparing the challenger with the champion on the frozen window',
        );
        comparison = await compareModels(
          dataset.evaluation,
          { champion: championModel, challenger },
          evalOptions,
        );
        evaluation = comparison.challenger;
      } else {
        logger.info('evaluating the challenger on the frozen window (no champion to compare with)');
        evaluation = await evaluateRecommendations(dataset.evaluation, {
          ...evalOptions,
          model: challenger,
        });
      }
      // A floor before any comparison: the model must beat BM25 on the frozen window (query-
      // weighted mean NDCG@10 over the tasks), so a degenerate model never serves, first or not.
      const floor = weightedNdcg(evaluation);
      const beatsBm25 = floor.model > floor.bm25;
      const promote =
        beatsBm25 && (!champion || !championModel || comparison?.challengerWins === true);
      summary.decision = !beatsBm25
        ? `not promoted: NDCG@10 ${floor.model.toFixed(4)} does not beat BM25's ${floor.bm25.toFixed(4)} on the frozen window`
        : !champion
          ? 'promoted: first model, beats BM25 on the frozen window'
          : !championModel
            ? `promoted: ${note ?? 'no comparable champion'}; beats BM25 on the frozen window`
            : comparison?.challengerWins
              ? `promoted: beats version ${champion.version} (mean ΔNDCG@10 ${comparison.meanDelta.toFixed(4)}, no task's CI below 0)`
              : `not promoted: does not beat version ${champion.version} (mean ΔNDCG@10 ${comparison?.meanDelta.toFixed(4)})`;
      const headline = headlineMetrics(evaluation);
      summary.evaluation = headline;
      summary.comparison = champion
        ? {
            champion: champion.version,
            meanDeltaNdcg10: comparison ? round(comparison.meanDelta) : null,
            challengerWins: comparison ? comparison.challengerWins : null,
            tasks: Object.fromEntries(
              Object.entries(comparison?.tasks ?? {}).map(([task, t]) => [
                task,
                {
                  champion: round(t.champion),
                  challenger: round(t.challenger),
                  delta: round(t.delta.mean),
                  ci: [round(t.delta.ci[0]), round(t.delta.ci[1])] as [number, number],
                },
              ]),
            ),
            ...(note ? { note } : {}),
          }
        : null;
      logger.info(
        { evaluation: headline, comparison: summary.comparison, promote },
        summary.decision,
      );
      await run.setTags({ 'jobmarket.decision_reason': summary.decision });

      await run.logMetrics({
        ...evaluationTable(evaluation),
        ...trainingMetricsTable(result.metrics),
        ...(comparison ? comparisonMetrics(comparison) : {}),
        'onnx.bytes': result.onnxBytes.length,
        'metadata.bytes': Buffer.byteLength(JSON.stringify(result.metadata)),
        'floor.model.ndcg@10': floor.model,
        'floor.bm25.ndcg@10': floor.bm25,
        'training.peak_rss_mib': peakRssMiB(),
        promoted: promote ? 1 : 0,
      });
      const { perQuery: _perQuery, ...table } = evaluation;
      await run.logArtifact('evaluation/evaluation.json', `${JSON.stringify(table, null, 2)}\n`);
      await run.logArtifact('evaluation/per-query.json', JSON.stringify(evaluation.perQuery));
      if (comparison) {
        const { champion: _a, challenger: _b, ...compared } = comparison;
        await run.logArtifact(
          'evaluation/comparison.json',
          `${JSON.stringify({ champion: champion?.version, ...compared }, null, 2)}\n`,
        );
      }
      await run.logArtifact(
        'data/dataset.json',
        JSON.stringify({
          fingerprint,
          trainer: trainerVersion(),
          evaluationWindow: window,
          training: dataset.training.map((o) => o.id),
          window: dataset.window.map((o) => o.id),
        }),
      );

      const metadata = {
        ...result.metadata,
        metrics: {
          ...result.metadata.metrics,
          evaluation: headline,
          evaluationWindow: { from: window.from, to: window.to, offers: dataset.window.length },
        },
      };
      const record = await registry.registerVersion({
        modelName,
        run,
        artifact: { onnxBytes: result.onnxBytes, metadata },
        fingerprint,
        metrics: headline,
        description: `trained on ${trainingViews.length} offers by retrain ${runId}; ${promote ? 'promoted' : 'not promoted'}${comparison ? ` (mean ΔNDCG@10 ${comparison.meanDelta.toFixed(4)} vs version ${champion?.version})` : ''}`,
        tags: {
          [TAGS.decision]: promote ? 'promote' : 'keep',
          [TAGS.published]: 'false',
          [TAGS.evaluationWindow]: windowKey(window),
          [TAGS.jobRunId]: runId,
          ...(input.watermark ? { [TAGS.watermark]: input.watermark } : {}),
        },
      });
      logger.info(
        { version: record.version, artifactUri: record.artifactUri },
        'model version registered',
      );
      await run.setTags({ 'jobmarket.registered_version': record.version });
      summary.status = 'trained';
      summary.reason = !champion
        ? 'no model existed'
        : options.force
          ? 'forced'
          : `${summary.data?.newOffersSinceLastTraining ?? '?'} new offers since version ${champion.version}`;
      summary.model = {
        name: modelName,
        version: record.version,
        runId: record.runId,
        artifactUri: record.artifactUri,
        trainedAt: record.trainedAt,
        trainingSeconds: round(result.metrics.trainingSeconds, 1),
        onnxBytes: result.onnxBytes.length,
      };
      await settle(record);
    } finally {
      await challenger?.close().catch(() => undefined);
      await championModel?.close().catch(() => undefined);
    }
  };

  /** Right after provisioning, a new topic may have no leader yet: counting drains are retried. */
  const retried = async <T>(what: string, call: () => Promise<T>): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await call();
      } catch (error) {
        if (attempt >= 5) throw error;
        logger.warn({ err: error, attempt }, `${what} failed; retrying`);
        await new Promise((done) => setTimeout(done, 500 * attempt));
      }
    }
  };

  try {
    await bus.provisionTopics();
    await retried('counting offers.ingested', () =>
      bus.drain({
        groupId,
        topic: TOPICS.offersIngested,
        handler: (events) => {
          summary.events.offersIngested = events.length;
          for (const event of events) {
            const source = event.value.source;
            summary.events.offersIngestedBySource[source] =
              (summary.events.offersIngestedBySource[source] ?? 0) + 1;
          }
        },
      }),
    );
    await retried('counting interactions', () =>
      bus.drain({
        groupId,
        topic: TOPICS.interactions,
        handler: (events) => {
          for (const event of events) {
            summary.events.interactions.total += 1;
            summary.events.interactions[event.value.kind] += 1;
          }
        },
      }),
    );
    logger.info(
      { offersIngested: summary.events.offersIngested, interactions: summary.events.interactions },
      'events since the last run counted',
    );
    let handled = false;
    await bus.drain({
      groupId,
      topic: TOPICS.warehouseRefreshed,
      handler: async (events) => {
        handled = true;
        summary.events.warehouseRefreshed = events.length;
        await work(events.length);
      },
    });
    if (!handled) await work(0);
  } catch (error) {
    summary.status = 'failed';
    summary.error = error instanceof Error ? error.message : String(error);
    logger.error({ err: error }, 'retrain failed');
  }
  summary.peakRssMiB = peakRssMiB();
  summary.durationMs = Date.now() - started;
  return summary;
}
