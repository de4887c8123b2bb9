export { type CtcLossOptions, ctcLoss, ctcLossFunction } from './ctc';
export {
  type CharacterSpan,
  evenSpans,
  frameLabels,
  framewiseCrossEntropy,
} from './ctc-alignment';
export {
  type CtcBeamOptions,
  type CtcDecodeOptions,
  type CtcPath,
  ctcBeamSearch,
  ctcGreedyDecode,
} from './ctc-decode';
