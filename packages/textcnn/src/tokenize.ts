/**
 * Kim (2014)'s `clean_str`, the preprocessing behind the published TextCNN numbers: anything but
 * letters, digits and ( ) , ! ? ' ` becomes a space; clitics ('s 've n't 're 'd 'll) and those
 * punctuation marks become tokens of their own; whitespace collapses; everything is lower-cased.
 *
 * Two deliberate differences from the Python original: letters and digits are Unicode-aware
 * (Kim's `[A-Za-z0-9]` deletes 'é' from a Latin-1 review, splitting 'café' into 'caf'), and
 * brackets become plain '(' ')' tokens (the original's replacement string leaves a stray
 * backslash: ' \( ').
 */
export function cleanText(text: string): string {
  return text
    .replace(/[^\p{L}\p{N}(),!?'`]/gu, ' ')
    .replace(/'s/g, " 's")
    .replace(/'ve/g, " 've")
    .replace(/n't/g, " n't")
    .replace(/'re/g, " 're")
    .replace(/'d/g, " 'd")
    .replace(/'ll/g, " 'll")
    .replace(/([,!()?])/g, ' $1 ')
    .replace(/\s{2,}/g, ' ')
    .trim()
    .toLowerCase();
}

/** Tokens of a sentence after `cleanText`. */
export function tokenize(text: string): string[] {
  const cleaned = cleanText(text);
  return cleaned ? cleaned.split(' ') : [];
}
