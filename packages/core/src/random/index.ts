export { Rng, withSeededRandom } from './rng';
