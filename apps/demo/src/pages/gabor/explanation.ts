import { h } from '../../lib/controls';
import { formatNumber } from '../../lib/format';
import type { LandscapeReply } from '../../workers/gabor-protocol';

/**
 * The plain-words answer to "why does θ cycle?", with the numbers of the image in use filled
 * in: the curvature h at θ*, the largest stable step 2/h and RMSE's constant slope √(h/2).
 */
export function createExplanation(): { element: HTMLElement; update(l: LandscapeReply): void } {
  const numbers = {
    h: h('strong', { class: 'stat' }, '…'),
    limit: h('strong', { class: 'stat' }, '…'),
    momentumLimit: h('strong', { class: 'stat' }, '…'),
    slope: h('strong', { class: 'stat' }, '…'),
    hop: h('strong', { class: 'stat' }, '…'),
    ratio: h('strong', { class: 'stat' }, '…'),
    minima: h('span', null, ''),
  };
  const element = h(
    'section',
    { class: 'panel', 'data-testid': 'theta-explanation' },
    h('h2', null, 'Why the naive setup cycles'),
    h(
      'p',
      null,
      'Only θ is learned here; the other four parameters already equal the target’s. The start ' +
        'θ0 = −π/4 is the target turned by a right angle, which sits near the top of the ' +
        'landscape (',
      numbers.ratio,
      ' of the highest loss). There the slope is almost flat, so the first steps barely move; ' +
        'then θ speeds up towards the valley. Two separate things can stop it from settling there.',
    ),
    h('h3', null, '1. RMSE has a sharp point at the bottom'),
    h(
      'p',
      null,
      'Near θ*, the MSE is a smooth bowl, ½·h·(θ − θ*)², with h = ',
      numbers.h,
      ' on this image. Its slope shrinks to zero as θ approaches θ*, so fixed-size learning-rate ' +
        'steps get smaller by themselves. RMSE is the square root of that bowl: a V shape, ' +
        '√(h/2)·|θ − θ*|. Its slope is ±',
      numbers.slope,
      ' all the way down, right up to the minimum. A fixed learning rate therefore always takes ' +
        'a step of the same size (lr × ',
      numbers.slope,
      ', ',
      numbers.hop,
      ' rad for lr = 0.02), jumps over θ*, and jumps back: it can never land. Momentum only makes ' +
        'the jumps smoother.',
    ),
    h('h3', null, '2. A step bigger than 2/h overshoots'),
    h(
      'p',
      null,
      'Even on the smooth MSE bowl, one gradient step multiplies the distance to θ* by (1 − lr·h). ' +
        'For lr below 2/h = ',
      numbers.limit,
      ' the distance shrinks; above it, every step lands further away on the other side. With ' +
        'momentum 0.9 the limit rises to 2(1 + 0.9)/h = ',
      numbers.momentumLimit,
      ', but past it the swings grow fast. Because the landscape repeats every π, a big overshoot ' +
        'lands in the next valley, which looks like “jumping back to a terrible loss”.',
    ),
    numbers.minima,
    h('h3', null, 'What converges'),
    h(
      'p',
      null,
      'Use MSE (or decay the step so that the hops shrink to nothing), and a step below 2/h, a ' +
        'decaying schedule, or an adaptive optimiser. Adam on MSE with lr 0.05 reaches θ* to about ' +
        '1e-9 in 300 steps: pick “The fix” above and press Run.',
    ),
  );

  function update(l: LandscapeReply): void {
    const hValue = l.curvature;
    numbers.h.textContent = formatNumber(hValue, 3);
    numbers.limit.textContent = formatNumber(2 / hValue, 2);
    numbers.momentumLimit.textContent = formatNumber(3.8 / hValue, 2);
    numbers.slope.textContent = formatNumber(Math.sqrt(hValue / 2), 3);
    numbers.hop.textContent = formatNumber(0.02 * Math.sqrt(hValue / 2), 2);
    numbers.ratio.textContent = `${(100 * l.orthogonalLossRatio).toFixed(1)}%`;
    // Local minima other than θ* and θ* − π.
    const spurious = l.minima.filter((m) => {
      const d = (((m - Math.PI / 4) % Math.PI) + Math.PI) % Math.PI;
      return Math.min(d, Math.PI - d) > 0.02;
    }).length;
    numbers.minima.replaceChildren(
      h(
        'p',
        null,
        spurious === 0
          ? 'On this image the landscape has no other valleys: descent from anywhere but the very top reaches θ* (or θ* − π, the same filter).'
          : `On this image the landscape has ${spurious} extra local minima besides θ* and θ* − π: high-frequency content lets the filter match it partly at other angles, so plain descent can also get stuck.`,
      ),
    );
  }

  return { element, update };
}
