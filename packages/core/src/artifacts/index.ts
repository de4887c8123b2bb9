export { replaceDirAtomic, writeFileAtomic } from './atomic';
export { fileSystemHandler, MODEL_JSON, WEIGHTS_BIN } from './fs-handler';
export {
  DL_FORMAT_VERSION,
  DL_JSON,
  type DlMeta,
  type DlMetaInput,
  dataFingerprint,
  loadModelDir,
  readDlMeta,
  saveModelDir,
} from './model-dir';
export { hasOptimizerState, loadOptimizerState, saveOptimizerState } from './optimizer-state';
export {
  type ClaimOptions,
  checkpointDirFor,
  claimModelOutput,
  type OutputClaim,
  withModelOutput,
} from './output';
