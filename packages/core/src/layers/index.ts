export {
  ResetAfterGRU,
  type ResetAfterGruArgs,
  registerDlLayers,
  resetAfterGru,
} from './gru-reset-after';
