export {
  LSTM_CELL,
  LSTM_CELL_GRAD,
  lstmCell,
  lstmCellAvailable,
  lstmCellGrad,
  registerLstmCellKernels,
  useFusedLstmCell,
} from './kernels';
