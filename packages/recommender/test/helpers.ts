import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  loadFranceTravailDir,
  loadRomeReferential,
  resolveSharedDataDir,
  type OfferView,
  type RomeReferential,
} from '../src/index.js';

/**
 * The recorded real sample (<repo>/../shared/data or JOBMARKET_SHARED_DATA). These tests never
 * skip: without the sample they fail with this message.
 */
export function sharedData(): { dir: string; offers: OfferView[]; referential: RomeReferential } {
  let dir: string;
  try {
    dir = resolveSharedDataDir(null);
  } catch (error) {
    throw new Error(
      `the recommender tests need the recorded real sample: ${(error as Error).message}`,
    );
  }
  const ftDir = join(dir, 'francetravail');
  if (!existsSync(ftDir))
    throw new Error(`the recommender tests need ${ftDir} (France Travail offers)`);
  const referential = loadRomeReferential(dir);
  if (referential.appellations.length === 0)
    throw new Error(`the recommender tests need the ROME referential under ${join(dir, 'rome')}`);
  return { dir, offers: loadFranceTravailDir(ftDir).offers, referential };
}
