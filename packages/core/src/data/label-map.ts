import { DlError } from '../errors';

/**
 * Class names ↔ indices. Saved in every model artifact (dl.json) so predictions decode to the
 * names the model was trained with, whatever order a later data set lists them in.
 */
export class LabelMap {
  readonly labels: readonly string[];
  private readonly index: Map<string, number>;

  constructor(labels: readonly string[]) {
    const seen = new Map<string, number>();
    labels.forEach((l, i) => {
      if (seen.has(l)) {
        throw new DlError('DATA_INVALID', `label '${l}' appears twice in the label map`);
      }
      seen.set(l, i);
    });
    this.labels = [...labels];
    this.index = seen;
  }

  /** Distinct labels in sorted order (code-point order, so stable across locales). */
  static fromLabels(values: Iterable<string>): LabelMap {
    return new LabelMap([...new Set(values)].sort());
  }

  static fromJSON(json: unknown): LabelMap {
    if (!Array.isArray(json) || !json.every((l) => typeof l === 'string')) {
      throw new DlError('DATA_INVALID', 'a label map must be a JSON array of strings');
    }
    return new LabelMap(json);
  }

  get size(): number {
    return this.labels.length;
  }

  has(label: string): boolean {
    return this.index.has(label);
  }

  encode(label: string): number {
    const i = this.index.get(label);
    if (i === undefined) {
      const known = this.labels.slice(0, 10).join(', ');
      throw new DlError(
        'DATA_INVALID',
        `unknown label '${label}'; the model knows ${this.size} labels (${known}${this.size > 10 ? ', …' : ''})`,
      );
    }
    return i;
  }

  encodeAll(labels: readonly string[]): Int32Array {
    return Int32Array.from(labels, (l) => this.encode(l));
  }

  decode(index: number): string {
    const l = this.labels[index];
    if (l === undefined) {
      throw new DlError('DATA_INVALID', `class index ${index} is outside 0…${this.size - 1}`);
    }
    return l;
  }

  toJSON(): string[] {
    return [...this.labels];
  }
}
