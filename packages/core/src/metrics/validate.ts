import { DlError } from '../errors';

/**
 * Input checks shared by the metrics. Every metric names itself in its messages (`where`) so a
 * user who calls several of them in an evaluation script can tell which one rejected the input.
 */

export function fail(where: string, message: string): never {
  throw new DlError('INVALID_ARGUMENT', `${where}: ${message}`);
}

export function checkNonEmpty(where: string, name: string, values: ArrayLike<unknown>): void {
  if (values.length === 0) fail(where, `${name} is empty; expected at least one item`);
}

export function checkSameLength(
  where: string,
  nameA: string,
  a: ArrayLike<unknown>,
  nameB: string,
  b: ArrayLike<unknown>,
): void {
  if (a.length !== b.length) {
    fail(
      where,
      `${nameA} has ${a.length} items but ${nameB} has ${b.length}; expected one per item`,
    );
  }
}

export function checkNumClasses(where: string, numClasses: number): void {
  if (!Number.isInteger(numClasses) || numClasses < 1) {
    fail(where, `numClasses must be a positive integer, found ${numClasses}`);
  }
}

/**
 * Class ids must be integers in [0, numClasses). A float id usually means probabilities or
 * logits were passed where argmax indices were expected, so the message says so.
 */
export function checkClassIds(
  where: string,
  name: string,
  ids: ArrayLike<number>,
  numClasses = Number.POSITIVE_INFINITY,
): void {
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (!Number.isInteger(id)) {
      fail(
        where,
        `${name}[${i}] is ${id}; expected an integer class id (pass argmax indices, not scores)`,
      );
    }
    if (id < 0 || id >= numClasses) {
      const range = Number.isFinite(numClasses) ? `[0, ${numClasses - 1}]` : '>= 0';
      fail(where, `${name}[${i}] is ${id}; expected a class id in ${range}`);
    }
  }
}
