import { escapeMarkup } from './escape';
import type { Scene, Shape } from './scene';

const FONT = 'Helvetica, Arial, sans-serif';

/**
 * A standalone SVG document for a scene: viewBox plus intrinsic size, so it scales when inlined
 * in HTML and has a sensible size when opened alone. No ids, scripts or external references,
 * so several charts can be inlined into one page without clashing.
 */
export function renderSvg(scene: Scene): string {
  const { width, height } = scene;
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="${FONT}" role="img">`,
    `<title>${escapeMarkup(scene.title)}</title>`,
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`,
  ];
  for (const s of scene.shapes) out.push(shapeSvg(s));
  out.push('</svg>');
  return out.join('\n');
}

/** Coordinates to 0.1 px: sub-pixel precision is invisible, and shorter numbers shrink files. */
const n = (v: number) => String(Math.round(v * 10) / 10);

function shapeSvg(s: Shape): string {
  switch (s.kind) {
    case 'rect': {
      const stroke = s.stroke ? ` stroke="${s.stroke}"` : '';
      return `<rect x="${n(s.x)}" y="${n(s.y)}" width="${n(s.w)}" height="${n(s.h)}" fill="${s.fill ?? 'none'}"${stroke}/>`;
    }
    case 'polyline': {
      const pts = s.points.map(([x, y]) => `${n(x)},${n(y)}`).join(' ');
      const dash = s.dash ? ' stroke-dasharray="6 4"' : '';
      return `<polyline points="${pts}" fill="none" stroke="${s.color}" stroke-width="${s.width}" stroke-linejoin="round"${dash}/>`;
    }
    case 'marker': {
      if (s.shape === 'dot')
        return `<circle cx="${n(s.x)}" cy="${n(s.y)}" r="${n(s.size / 2)}" fill="${s.color}"/>`;
      const h = s.size / 2;
      const d = `M${n(s.x - h)} ${n(s.y - h)}L${n(s.x + h)} ${n(s.y + h)}M${n(s.x - h)} ${n(s.y + h)}L${n(s.x + h)} ${n(s.y - h)}`;
      return `<path d="${d}" stroke="${s.color}" stroke-width="2" fill="none"/>`;
    }
    case 'text': {
      const rotate = s.vertical ? ` transform="rotate(-90 ${n(s.x)} ${n(s.y)})"` : '';
      const bold = s.bold ? ' font-weight="bold"' : '';
      return `<text x="${n(s.x)}" y="${n(s.y)}" font-size="${s.size}" fill="${s.color}" text-anchor="${s.anchor}" dominant-baseline="central"${bold}${rotate}>${escapeMarkup(s.text)}</text>`;
    }
  }
}
