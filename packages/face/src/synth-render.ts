import type { DecodedImage } from '@dl/core';

/**
 * The fixed geometry of one synthetic person, in face coordinates: the head is centred at
 * (0, 0), x to the image's right, y down, the head's half-height about 1.
 */
export interface SynthIdentity {
  headWidth: number;
  headHeight: number;
  skin: number;
  hair: number;
  /** How far down the forehead the hair comes (y of the hairline). */
  hairline: number;
  eyeY: number;
  /** Half the distance between the eyes. */
  eyeSpacing: number;
  eyeWidth: number;
  eyeHeight: number;
  browGap: number;
  browThickness: number;
  browTilt: number;
  noseLength: number;
  noseWidth: number;
  mouthY: number;
  mouthWidth: number;
  lipThickness: number;
}

/** What changes from one photo of a person to the next. */
export interface SynthPose {
  /** Centre shift as a fraction of the image side. */
  dx: number;
  dy: number;
  /** In-plane rotation, radians. */
  roll: number;
  /** Head size relative to the nominal. */
  scale: number;
  /** Overall brightness factor and a left–right lighting gradient (−1…1). */
  brightness: number;
  light: number;
  /** Expression: mouth curve (smile > 0), mouth opening, brow raise, eye openness (0 closed). */
  smile: number;
  mouthOpen: number;
  browRaise: number;
  eyeOpen: number;
  /** Standard deviation of the pixel noise, 0–255 scale. */
  noise: number;
}

const clamp01 = (v: number) => Math.min(1, Math.max(0, v));

/** Coverage (0–1) of an axis-aligned ellipse at (u, v), edges softened over `soft`. */
function ellipse(
  u: number,
  v: number,
  cx: number,
  cy: number,
  rx: number,
  ry: number,
  soft: number,
) {
  const d = Math.hypot((u - cx) / rx, (v - cy) / ry);
  return clamp01((1 - d) / (soft / Math.min(rx, ry)) + 0.5);
}

/** Coverage of a thick line segment (a brow, the nose bridge), softened over `soft`. */
function segment(
  u: number,
  v: number,
  a: [number, number],
  b: [number, number],
  half: number,
  soft: number,
) {
  const [ax, ay] = a;
  const dx = b[0] - ax;
  const dy = b[1] - ay;
  const t = clamp01(((u - ax) * dx + (v - ay) * dy) / (dx * dx + dy * dy));
  const d = Math.hypot(u - ax - t * dx, v - ay - t * dy);
  return clamp01((half - d) / soft + 0.5);
}

/** Mixes `value` over `base` with coverage `a`. */
const over = (base: number, value: number, a: number) => base + (value - base) * a;

/** The face's brightness (0–1) at face coordinates (u, v), before lighting. */
function shade(id: SynthIdentity, p: SynthPose, u: number, v: number, soft: number): number {
  let g = 0.35 + 0.1 * v * 0.3; // background, a faint vertical gradient
  const head = ellipse(u, v, 0, 0, id.headWidth, id.headHeight, soft);
  g = over(g, id.skin, head);
  // hair: the part of the head above the hairline, and a rim around it
  const hairBand = clamp01((id.hairline - v) / soft + 0.5);
  g = over(
    g,
    id.hair,
    ellipse(u, v, 0, -0.05, id.headWidth * 1.06, id.headHeight * 1.04, soft) * hairBand,
  );
  for (const side of [-1, 1]) {
    const ex = side * id.eyeSpacing;
    const open = Math.max(0.08, p.eyeOpen);
    g = over(g, 0.92, ellipse(u, v, ex, id.eyeY, id.eyeWidth, id.eyeHeight * open, soft));
    g = over(
      g,
      0.08,
      ellipse(u, v, ex, id.eyeY, id.eyeHeight * 0.6, id.eyeHeight * 0.6 * open, soft),
    );
    const by = id.eyeY - id.browGap - p.browRaise;
    const tilt = side * id.browTilt;
    const inner: [number, number] = [ex - side * id.eyeWidth * 1.1, by + tilt];
    const outer: [number, number] = [ex + side * id.eyeWidth * 1.1, by - tilt];
    g = over(g, id.hair * 0.8, segment(u, v, inner, outer, id.browThickness, soft));
  }
  const noseTop: [number, number] = [0, id.eyeY + 0.05];
  const noseTip: [number, number] = [0, id.eyeY + id.noseLength];
  g = over(g, id.skin * 0.78, segment(u, v, noseTop, noseTip, id.noseWidth * 0.35, soft));
  g = over(g, id.skin * 0.6, ellipse(u, v, 0, noseTip[1], id.noseWidth, id.noseWidth * 0.45, soft));
  // mouth: a curved band whose centre line bends with the smile
  const mx = u / id.mouthWidth;
  if (Math.abs(mx) < 1.2) {
    const centre = id.mouthY - p.smile * (1 - mx * mx) * 0.12;
    const half = id.lipThickness + p.mouthOpen * (1 - mx * mx);
    const lips =
      clamp01((half - Math.abs(v - centre)) / soft + 0.5) * clamp01((1 - Math.abs(mx)) * 6);
    g = over(g, 0.25 + 0.1 * (1 - p.mouthOpen * 4), lips);
  }
  return g;
}

/**
 * Draws one gray face image: every pixel is mapped back through the pose (shift, roll, scale)
 * to face coordinates and shaded, then lit (brightness, a side light) and given pixel noise
 * from `noise` (a standard normal source).
 */
export function renderFace(
  id: SynthIdentity,
  pose: SynthPose,
  size: [number, number],
  noise: () => number,
): DecodedImage {
  const [h, w] = size;
  const data = new Uint8Array(w * h);
  const unit = (Math.min(w, h) / 2.4) * pose.scale; // pixels per face unit
  const cx = w / 2 + pose.dx * w;
  const cy = h / 2 + pose.dy * h;
  const cos = Math.cos(pose.roll);
  const sin = Math.sin(pose.roll);
  const soft = 1 / unit;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const px = (x + 0.5 - cx) / unit;
      const py = (y + 0.5 - cy) / unit;
      const u = cos * px + sin * py;
      const v = -sin * px + cos * py;
      const lit =
        shade(id, pose, u, v, soft) * pose.brightness * (1 + 0.35 * pose.light * (x / w - 0.5) * 2);
      data[y * w + x] = Math.round(Math.min(255, Math.max(0, lit * 255 + noise() * pose.noise)));
    }
  }
  return { width: w, height: h, channels: 1, data };
}

/** Where the renderer puts the eye centres of a pose, in pixels (the person's left first). */
export function eyeCentres(id: SynthIdentity, pose: SynthPose, size: [number, number]) {
  const [h, w] = size;
  const unit = (Math.min(w, h) / 2.4) * pose.scale;
  const toPixel = (u: number, v: number): [number, number] => [
    w / 2 + pose.dx * w + unit * (Math.cos(pose.roll) * u - Math.sin(pose.roll) * v),
    h / 2 + pose.dy * h + unit * (Math.sin(pose.roll) * u + Math.cos(pose.roll) * v),
  ];
  // the person's left eye is on the image's right
  return { left: toPixel(id.eyeSpacing, id.eyeY), right: toPixel(-id.eyeSpacing, id.eyeY) };
}
