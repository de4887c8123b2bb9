import { describe, expect, it } from 'vitest';
import { EpochRandom, Rng } from '../src/random';

describe('EpochRandom', () => {
  it("gives epoch e's streams whatever earlier epochs drew", async () => {
    const straight = new EpochRandom(new Rng(7));
    await straight.onEpochBegin(0);
    straight.stream('augment').next();
    straight.stream('augment').next();
    await straight.onEpochBegin(1);
    const resumed = new EpochRandom(new Rng(7));
    await resumed.onEpochBegin(1);
    expect(resumed.stream('augment').next()).toBe(straight.stream('augment').next());
    expect(resumed.stream('shuffle').next()).not.toBe(resumed.stream('augment').next());
  });

  it("runs with Math.random on the epoch's dropout stream, restored after, also on error", async () => {
    const original = Math.random;
    const a = new EpochRandom(new Rng(3));
    const b = new EpochRandom(new Rng(3));
    await b.onEpochBegin(2);
    const drawn = await a.run(async () => {
      await a.onEpochBegin(2);
      return Math.random();
    });
    expect(await b.run(async () => Math.random())).toBe(drawn);
    await expect(
      a.run(async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(Math.random).toBe(original);
  });
});
