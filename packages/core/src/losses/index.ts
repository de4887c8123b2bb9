export { type CtcLossOptions, ctcLoss, ctcLossFunction } from './ctc';
export {
  type CtcBeamOptions,
  type CtcDecodeOptions,
  type CtcPath,
  ctcBeamSearch,
  ctcGreedyDecode,
} from './ctc-decode';
