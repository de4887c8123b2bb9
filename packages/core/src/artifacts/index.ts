export {
  type ReplaceDirOptions,
  replaceDirAtomic,
  type WriteFileOptions,
  writeFileAtomic,
} from './atomic';
export {
  checkDataOutput,
  type DataManifest,
  type DataManifestInput,
  writeDataDirAtomic,
} from './data-dir';
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
export { DL_DATA_JSON } from './names';
export { hasOptimizerState, loadOptimizerState, saveOptimizerState } from './optimizer-state';
export {
  type ClaimOptions,
  checkpointDirFor,
  claimModelOutput,
  type OutputClaim,
  withModelOutput,
} from './output';
export { assertReplaceable, inspectOutput, type OutputState, type OwnedKind } from './ownership';
export { assertCanCreate, ensureDir } from './writable';
