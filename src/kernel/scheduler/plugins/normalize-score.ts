import { maxNodeScore } from '../framework.ts';

/**
 * helper.DefaultNormalizeScore: scales scores so the highest becomes maxNodeScore (integer
 * arithmetic, as upstream); with `reverse` the highest raw score gets 0 instead. All-zero scores
 * stay 0, or all become maxNodeScore when reversed.
 */
export function defaultNormalizeScore(scores: Float64Array, reverse: boolean): void {
  let max = 0;
  for (let i = 0; i < scores.length; i++) if (scores[i] > max) max = scores[i];
  if (max === 0) {
    if (reverse) scores.fill(maxNodeScore);
    return;
  }
  for (let i = 0; i < scores.length; i++) {
    let s = Math.trunc((maxNodeScore * scores[i]) / max);
    if (reverse) s = maxNodeScore - s;
    scores[i] = s;
  }
}
