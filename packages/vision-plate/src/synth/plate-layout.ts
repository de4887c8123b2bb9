/**
 * Where the characters sit on the two mainland plate formats, in millimetres (GA 36):
 * blue and yellow plates are 440 × 140 with seven 45 × 90 characters, 12 mm apart, and a 34 mm
 * gap holding the separator dot after the second; green new-energy plates are 480 × 140 with
 * eight 43 × 90 characters, 9 mm apart, the dot likewise after the second.
 */
export interface PlateLayout {
  width: number;
  height: number;
  cellWidth: number;
  cellHeight: number;
  /** Left edge of each character cell. */
  cellX: number[];
  cellTop: number;
  dot: { x: number; y: number };
}

function layout(
  width: number,
  count: number,
  cellWidth: number,
  gap: number,
  dotGap: number,
): PlateLayout {
  const height = 140;
  const cellHeight = 90;
  const left = (width - (count * cellWidth + (count - 2) * gap + dotGap)) / 2;
  const cellX = Array.from(
    { length: count },
    (_, i) => left + i * (cellWidth + gap) + (i >= 2 ? dotGap - gap : 0),
  );
  return {
    width,
    height,
    cellWidth,
    cellHeight,
    cellX,
    cellTop: (height - cellHeight) / 2,
    dot: { x: cellX[1] + cellWidth + dotGap / 2, y: height / 2 },
  };
}

/** Seven characters: blue (white on blue) and yellow (black on yellow) plates. */
export const SEVEN_CHARACTER_LAYOUT = layout(440, 7, 45, 12, 34);

/** Eight characters: green new-energy plates (black on a green gradient). */
export const EIGHT_CHARACTER_LAYOUT = layout(480, 8, 43, 9, 30);

export const layoutFor = (characters: number): PlateLayout =>
  characters === 8 ? EIGHT_CHARACTER_LAYOUT : SEVEN_CHARACTER_LAYOUT;
