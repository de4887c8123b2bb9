export { EpochRandom } from './epoch-random';
export { Rng, withSeededRandom } from './rng';
