const WIDTH = 640;
const HEIGHT = 300;
const MARGIN = { left: 52, right: 12, top: 14, bottom: 34 };

export interface LandscapeView {
  thetas: number[];
  /** Loss at each θ, already in the chosen loss (MSE or RMSE). */
  losses: number[];
  target: number;
  start: number;
  /** The trajectory so far: θ_t and the loss there. */
  trajectory: { thetas: number[]; losses: number[] };
}

/** θ folded into [−π, π): the window the landscape is drawn over. */
function fold(theta: number): number {
  const t = (((theta + Math.PI) % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI);
  return t - Math.PI;
}

/**
 * L(θ) over [−π, π] drawn on a canvas, with θ* and θ0 marked and the optimiser's path laid
 * over it: faint early steps, dark late ones, a dot where θ is now. A path that hops from
 * side to side of the valley is the "cycling" the page explains.
 */
export function createLandscapeChart(): {
  element: HTMLCanvasElement;
  draw(view: LandscapeView): void;
} {
  const canvas = document.createElement('canvas');
  const ratio = Math.min(2, globalThis.devicePixelRatio || 1);
  canvas.width = WIDTH * ratio;
  canvas.height = HEIGHT * ratio;
  canvas.style.width = '100%';
  canvas.style.maxWidth = `${WIDTH}px`;
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', 'loss landscape L(θ) with the optimiser’s path');

  function draw(view: LandscapeView): void {
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, WIDTH, HEIGHT);
    const plotW = WIDTH - MARGIN.left - MARGIN.right;
    const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
    const finite = view.losses.filter(Number.isFinite);
    const top = Math.max(1e-12, ...finite) * 1.05;
    const sx = (theta: number) => MARGIN.left + ((theta + Math.PI) / (2 * Math.PI)) * plotW;
    const sy = (loss: number) => MARGIN.top + (1 - Math.min(loss, top) / top) * plotH;

    ctx.font = '11px system-ui, sans-serif';
    ctx.strokeStyle = '#d9dce1';
    ctx.strokeRect(MARGIN.left, MARGIN.top, plotW, plotH);
    ctx.fillStyle = '#5b6270';
    ctx.textAlign = 'center';
    const ticks: Array<[number, string]> = [
      [-Math.PI, '−π'],
      [-Math.PI / 2, '−π/2'],
      [0, '0'],
      [Math.PI / 2, 'π/2'],
      [Math.PI, 'π'],
    ];
    for (const [t, label] of ticks) ctx.fillText(label, sx(t), HEIGHT - MARGIN.bottom + 14);
    ctx.fillText('θ', MARGIN.left + plotW / 2, HEIGHT - 4);
    ctx.textAlign = 'right';
    for (const f of [0, 0.5, 1])
      ctx.fillText((top * f).toPrecision(2), MARGIN.left - 4, sy(top * f) + 4);

    const vertical = (theta: number, colour: string, label: string) => {
      ctx.strokeStyle = colour;
      ctx.setLineDash([4, 3]);
      ctx.beginPath();
      ctx.moveTo(sx(theta), MARGIN.top);
      ctx.lineTo(sx(theta), MARGIN.top + plotH);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.fillStyle = colour;
      ctx.textAlign = 'center';
      ctx.fillText(label, sx(theta), MARGIN.top + 11);
    };
    vertical(view.target, '#1a7f37', 'θ*');
    vertical(fold(view.target - Math.PI), '#1a7f37', 'θ*−π');
    vertical(fold(view.start), '#b42318', 'θ0');

    ctx.strokeStyle = '#0072b2';
    ctx.lineWidth = 2;
    ctx.beginPath();
    view.thetas.forEach((t, i) => {
      if (i === 0) ctx.moveTo(sx(t), sy(view.losses[i]));
      else ctx.lineTo(sx(t), sy(view.losses[i]));
    });
    ctx.stroke();

    // The path: each step a segment, darker with time; wrapping around the window breaks it.
    const { thetas, losses } = view.trajectory;
    const n = thetas.length;
    ctx.lineWidth = 1.2;
    for (let i = 1; i < n; i++) {
      const a = fold(thetas[i - 1]);
      const b = fold(thetas[i]);
      if (Math.abs(b - a) > Math.PI || !Number.isFinite(losses[i])) continue;
      ctx.strokeStyle = `rgba(213, 94, 0, ${0.15 + (0.85 * i) / n})`;
      ctx.beginPath();
      ctx.moveTo(sx(a), sy(losses[i - 1]));
      ctx.lineTo(sx(b), sy(losses[i]));
      ctx.stroke();
    }
    if (n > 0 && Number.isFinite(losses[n - 1])) {
      ctx.fillStyle = '#d55e00';
      ctx.beginPath();
      ctx.arc(sx(fold(thetas[n - 1])), sy(losses[n - 1]), 4.5, 0, 2 * Math.PI);
      ctx.fill();
    }
    ctx.lineWidth = 1;
  }

  return { element: canvas, draw };
}
