/**
 * Escapes text for XML (SVG) and HTML alike. Everything outside printable ASCII becomes a
 * numeric character reference, so the output is pure ASCII: a chart or report stays correct
 * whatever encoding a file system, mail client or web server later assumes ('京' → '&#x4EAC;').
 * Iterating by code point (for…of) keeps astral characters (emoji, rare CJK) as one reference;
 * two references to the halves of a surrogate pair would be invalid XML. Characters XML 1.0
 * forbids (control codes, lone surrogates) become U+FFFD rather than breaking the parse.
 */
export function escapeMarkup(text: string): string {
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (ch === '&') out += '&amp;';
    else if (ch === '<') out += '&lt;';
    else if (ch === '>') out += '&gt;';
    else if (ch === '"') out += '&quot;';
    else if (ch === "'") out += '&#39;';
    else if (cp >= 0x20 && cp < 0x7f) out += ch;
    else if (cp === 0x09 || cp === 0x0a || cp === 0x0d) out += ch;
    else if (isXmlChar(cp)) out += `&#x${cp.toString(16).toUpperCase()};`;
    else out += '&#xFFFD;';
  }
  return out;
}

function isXmlChar(cp: number): boolean {
  return (
    (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  );
}
