// Summary statistics of timed runs, shared by the bench scripts.
export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
export const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
