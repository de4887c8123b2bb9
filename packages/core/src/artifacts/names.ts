/** The file that makes a folder a @dl model directory. */
export const DL_JSON = 'dl.json';
/** The manifest that makes a folder a @dl synthetic-data folder. */
export const DL_DATA_JSON = 'dl-data.json';
/** Entries a checkpoint directory holds besides our temporary siblings. */
export const CHECKPOINT_MODELS = ['best', 'last'] as const;
export const CHECKPOINT_HISTORY = 'history.json';
